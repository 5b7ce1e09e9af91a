package io.anneal.job;

import io.anneal.spec.JobSpec;
import io.anneal.web.PageCursor;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

/** The job API: submit, inspect, list (by status and name), cancel, stop early and delete training jobs. */
@RestController
@RequestMapping("/api/v1/jobs")
class JobController {

    private final JobService jobs;
    private final JobBodies bodies;

    JobController(JobService jobs, JobBodies bodies) {
        this.jobs = jobs;
        this.bodies = bodies;
    }

    /** 201 with a new job; 200 with the earlier job when an {@code Idempotency-Key} is replayed. */
    @PostMapping
    ResponseEntity<JobView> submit(@RequestBody JobSpec spec,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        Submission submission = jobs.submit(spec, idempotencyKey);
        URI location = URI.create("/api/v1/jobs/" + submission.job().id());
        return submission.created() ? ResponseEntity.created(location).body(submission.job())
                : ResponseEntity.ok().location(location).body(submission.job());
    }

    /**
     * The job, with a weak ETag that changes whenever anything shown changes: a client sending it back
     * in If-None-Match gets 304 without the job being read or serialised, and a job read again unchanged
     * is answered with the JSON made for the read before ({@link JobBodies}).
     */
    @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> find(@PathVariable UUID id, WebRequest request) {
        String etag = jobs.etag(id);
        if (request.checkNotModified(etag)) {
            return null;
        }
        byte[] body = bodies.get(id, etag);
        if (body == null) {
            JobService.TaggedJob read = jobs.findTagged(id);
            etag = read.etag();
            body = bodies.put(id, etag, read.view());
        }
        return ResponseEntity.ok().eTag(etag).contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @GetMapping
    JobPage list(@RequestParam(required = false) JobStatus status, @RequestParam(required = false) String name,
            @RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit,
            @RequestParam(required = false) String cursor) {
        return jobs.list(status, name, limit, PageCursor.decode(cursor));
    }

    @PostMapping("/{id}/cancel")
    JobView cancel(@PathVariable UUID id) {
        return jobs.cancel(id);
    }

    /** Stops a running job at its next step and keeps its model as it is then. */
    @PostMapping("/{id}/stop")
    JobView stop(@PathVariable UUID id) {
        return jobs.stop(id);
    }

    /** Deletes a finished job with its curves, model and checkpoints. */
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        jobs.delete(id);
        bodies.forget(id);
        return ResponseEntity.noContent().build();
    }
}
