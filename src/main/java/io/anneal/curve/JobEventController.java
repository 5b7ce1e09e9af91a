package io.anneal.curve;

import io.anneal.job.JobService;
import io.anneal.web.Problems;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code GET /api/v1/jobs/{id}/events}: the job's new curve points ({@code points}), status and progress
 * ({@code status}) as they are written, ending with {@code end} and the final status. Every event's id
 * is the number of the last point the client has been given: reconnecting with it (Last-Event-ID, as
 * EventSource does, or {@code after}) resumes exactly after it.
 */
@RestController
class JobEventController {

    private final JobService jobs;
    private final JobStreams streams;

    JobEventController(JobService jobs, JobStreams streams) {
        this.jobs = jobs;
        this.streams = streams;
    }

    @GetMapping(path = "/api/v1/jobs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable UUID id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            @RequestParam(required = false) Long after, @RequestParam(required = false) String metric) {
        jobs.requireExists(id);
        long from = lastEventId != null ? cursor("Last-Event-ID", lastEventId) : after != null ? cursor("after",
                after.toString()) : 0;
        return streams.watch(id, from, metrics(metric));
    }

    private static long cursor(String field, String text) {
        try {
            long cursor = Long.parseLong(text.strip());
            if (cursor >= 0) {
                return cursor;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw invalid(field, "must be the id of an event of this stream (a whole number, 0 or more), was '"
                + text + "'");
    }

    private static Set<Metric> metrics(String names) {
        Set<Metric> chosen = EnumSet.noneOf(Metric.class);
        if (names == null || names.isBlank()) {
            return chosen;
        }
        for (String name : names.split(",")) {
            chosen.add(Metric.fromWireName(name.strip()).orElseThrow(() -> invalid("metric", "unknown metric '"
                    + name.strip() + "'; one or more of " + Arrays.stream(Metric.values()).map(Metric::wireName)
                    .toList() + ", comma-separated")));
        }
        return chosen;
    }

    private static ErrorResponseException invalid(String field, String message) {
        return new ErrorResponseException(HttpStatus.BAD_REQUEST, Problems.invalidFields(HttpStatus.BAD_REQUEST,
                "invalid-parameter", "Invalid parameter", java.util.List.of(new Problems.FieldError(field, message))),
                null);
    }
}
