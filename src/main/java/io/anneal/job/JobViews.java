package io.anneal.job;

import io.anneal.artifact.BestModel;
import io.anneal.artifact.CheckpointRef;
import io.anneal.spec.JobSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Turns entities into wire records; the stored spec JSON is parsed back into a {@link JobSpec}. */
@Component
class JobViews {

    /** The version of {@link JobView}'s shape, part of every job's ETag: change it when the view changes. */
    static final int SHAPE = 1;
    /** Parsed specs of recently read jobs: a spec never changes once stored. */
    private static final int SPECS_KEPT = 4_096;

    private final JsonMapper json;
    private final Map<UUID, JobSpec> specs = java.util.Collections.synchronizedMap(
            new LinkedHashMap<>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<UUID, JobSpec> eldest) {
                    return size() > SPECS_KEPT;
                }
            });

    JobViews(JsonMapper json) {
        this.json = json;
    }

    String specJson(JobSpec spec) {
        return json.writeValueAsString(spec);
    }

    JobSpec spec(TrainingJob job) {
        JobSpec cached = specs.get(job.id());
        if (cached == null) {
            cached = json.readValue(job.spec(), JobSpec.class);
            specs.put(job.id(), cached);
        }
        return cached;
    }

    /** Everything about one job, with its spec and attempt history. */
    JobView full(TrainingJob job) {
        return view(job, spec(job), job.attempts().stream().map(JobViews::attempt).toList());
    }

    /** A job in a list: no spec, no attempt history. */
    JobView summary(TrainingJob job) {
        return view(job, null, null);
    }

    private static JobView view(TrainingJob job, JobSpec spec, List<JobView.Attempt> attempts) {
        JobView.Failure failure = job.failureReason() == null ? null
                : new JobView.Failure(job.failureReason(), job.failureMessage(), job.failureStep());
        CheckpointRef saved = job.checkpoint();
        JobView.Checkpoint checkpoint = saved == null ? null : new JobView.Checkpoint(saved.step(), saved.savedAt());
        JobView.ModelFile model = job.model() == null ? null
                : new JobView.ModelFile(job.model().sha256(), job.model().bytes());
        return new JobView(job.id(), job.name(), job.status(), spec, job.createdAt(), job.startedAt(),
                job.finishedAt(), new JobView.Progress(job.epoch(), job.step(), job.totalSteps()),
                new JobView.Metrics(job.lastLoss(), job.trainLoss(), job.testAccuracy()), failure, job.attempt(),
                checkpoint, job.resumedFromStep(), model, best(job.bestModel()),
                job.isStoppedEarly() ? Boolean.TRUE : null, attempts);
    }

    private static JobView.BestModelFile best(BestModel best) {
        return best == null ? null : new JobView.BestModelFile(best.selectedBy().wireName(), best.step(), best.epoch(),
                finiteOrNull(best.validationAccuracy()), finiteOrNull(best.validationLoss()),
                finiteOrNull(best.testAccuracy()), best.model().sha256(), best.model().bytes());
    }

    private static Double finiteOrNull(double value) {
        return Double.isFinite(value) ? value : null;
    }

    private static JobView.Attempt attempt(JobAttempt attempt) {
        JobView.Failure failure = attempt.failureReason() == null ? null
                : new JobView.Failure(attempt.failureReason(), attempt.failureMessage(), attempt.failureStep());
        return new JobView.Attempt(attempt.attempt(), attempt.replica(), attempt.engine(), attempt.backend(),
                attempt.startedAt(),
                attempt.resumedFromStep(), attempt.endedAt(),
                attempt.outcome(), failure);
    }
}
