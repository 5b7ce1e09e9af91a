package io.anneal.job;

import io.anneal.tenant.Quota;
import io.anneal.tenant.QuotaUsage;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** A tenant's running and queued jobs and the updates its queued jobs have yet to make. */
@Component
class JobQuotaUsage implements QuotaUsage {

    private final TrainingJobRepository jobs;

    JobQuotaUsage(TrainingJobRepository jobs) {
        this.jobs = jobs;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<Quota, Long> usage(String tenant) {
        return Map.of(Quota.RUNNING_JOBS, jobs.countRunning(tenant), Quota.QUEUED_JOBS, jobs.countQueued(tenant),
                Quota.QUEUED_STEPS, jobs.sumQueuedSteps(tenant));
    }
}
