package io.anneal.job;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON of recently read jobs, each kept with the entity tag it was made under. A job's tag changes
 * with every write to its rows, so a body found under the tag just read is what reading and serialising
 * the job again would give: a read of a job that has not changed costs one indexed query and no entity,
 * view or JSON work. Bounded: the least recently read are dropped first.
 */
@Component
class JobBodies {

    /** Jobs whose bodies are kept (a few KB each). */
    static final int KEPT = 2_048;

    private final JsonMapper json;
    private final Map<UUID, Body> recent = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Body> eldest) {
            return size() > KEPT;
        }
    });

    JobBodies(JsonMapper json) {
        this.json = json;
    }

    /** The body kept for the job under {@code etag}, or null if none is (or one under another tag). */
    byte[] get(UUID id, String etag) {
        Body body = recent.get(id);
        return body != null && body.etag.equals(etag) ? body.json : null;
    }

    /** Serialises the view, keeps it under its tag and returns it. */
    byte[] put(UUID id, String etag, JobView view) {
        byte[] body = json.writeValueAsBytes(view);
        recent.put(id, new Body(etag, body));
        return body;
    }

    /** Drops the job's body (it was deleted). */
    void forget(UUID id) {
        recent.remove(id);
    }

    private record Body(String etag, byte[] json) {
    }
}
