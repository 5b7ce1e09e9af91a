package io.anneal.experiment;

import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/experiments/{id}/events}: the experiment as server-sent events, a {@code summary}
 * whenever runs finish (and at once), and a last {@code end} when it is done or cancelled.
 */
@RestController
class ExperimentEventController {

    private final ExperimentService experiments;
    private final ExperimentStreams streams;

    ExperimentEventController(ExperimentService experiments, ExperimentStreams streams) {
        this.experiments = experiments;
        this.streams = streams;
    }

    @GetMapping(path = "/api/v1/experiments/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable UUID id) {
        experiments.find(id);
        return streams.watch(id);
    }
}
