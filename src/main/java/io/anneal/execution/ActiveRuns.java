package io.anneal.execution;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/** The runs in progress on this instance, by job id. */
@Component
class ActiveRuns {

    private final Map<UUID, JobRun> runs = new ConcurrentHashMap<>();

    void add(JobRun run) {
        runs.put(run.lease().jobId(), run);
    }

    void remove(JobRun run) {
        runs.remove(run.lease().jobId(), run);
    }

    JobRun get(UUID jobId) {
        return runs.get(jobId);
    }

    Collection<JobRun> all() {
        return List.copyOf(runs.values());
    }

    int count() {
        return runs.size();
    }
}
