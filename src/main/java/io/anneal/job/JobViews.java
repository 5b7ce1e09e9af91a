package io.anneal.job;

import io.anneal.training.checkpoint.SavedCheckpoint;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Turns entities into wire records; the stored spec JSON is parsed back into a {@link JobSpec}. */
@Component
class JobViews {

    private final JsonMapper json;

    JobViews(JsonMapper json) {
        this.json = json;
    }

    String specJson(JobSpec spec) {
        return json.writeValueAsString(spec);
    }

    JobSpec spec(TrainingJob job) {
        return json.readValue(job.spec(), JobSpec.class);
    }

    String checkpointJson(SavedCheckpoint checkpoint) {
        return json.writeValueAsString(checkpoint);
    }

    SavedCheckpoint checkpoint(TrainingJob job) {
        return job.checkpoint() == null ? null : json.readValue(job.checkpoint(), SavedCheckpoint.class);
    }

    JobView full(TrainingJob job) {
        return view(job, spec(job));
    }

    JobView summary(TrainingJob job) {
        return view(job, null);
    }

    private JobView view(TrainingJob job, JobSpec spec) {
        JobView.Failure failure = job.failureReason() == null ? null
                : new JobView.Failure(job.failureReason(), job.failureMessage(), job.failureStep());
        SavedCheckpoint saved = checkpoint(job);
        JobView.Checkpoint checkpoint = saved == null ? null
                : new JobView.Checkpoint(saved.position().step(), saved.savedAt());
        return new JobView(job.id(), job.name(), job.status(), spec, job.createdAt(), job.startedAt(),
                job.finishedAt(), new JobView.Progress(job.epoch(), job.step(), job.totalSteps()),
                new JobView.Metrics(job.lastLoss(), job.trainLoss(), job.testAccuracy()), failure, job.attempt(),
                checkpoint, job.resumedFromStep(),
                job.modelSha256() == null ? null : new JobView.Model(job.modelSha256(), job.modelBytes()));
    }
}
