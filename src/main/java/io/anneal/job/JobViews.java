package io.anneal.job;

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

    JobView full(TrainingJob job) {
        return view(job, spec(job));
    }

    JobView summary(TrainingJob job) {
        return view(job, null);
    }

    private static JobView view(TrainingJob job, JobSpec spec) {
        JobView.Failure failure = job.failureReason() == null ? null
                : new JobView.Failure(job.failureReason(), job.failureMessage(), job.failureStep());
        return new JobView(job.id(), job.name(), job.status(), spec, job.createdAt(), job.startedAt(),
                job.finishedAt(), new JobView.Progress(job.epoch(), job.step(), job.totalSteps()),
                new JobView.Metrics(job.lastLoss(), job.trainLoss(), job.testAccuracy()), failure, job.attempt());
    }
}
