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
    private final JobCounts counts;

    JobQuotaUsage(TrainingJobRepository jobs, JobCounts counts) {
        this.jobs = jobs;
        this.counts = counts;
    }

    @Override
    @Transactional(readOnly = true)
    public Map<Quota, Long> usage(String tenant) {
        return Map.of(Quota.RUNNING_JOBS, jobs.countRunning(tenant), Quota.QUEUED_JOBS, counts.queued(tenant),
                Quota.QUEUED_STEPS, counts.queuedSteps(tenant));
    }
}
