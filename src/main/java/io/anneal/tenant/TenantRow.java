package io.anneal.tenant;

import java.time.Instant;

/** A tenant as stored: its own quotas, each null where the configured default applies. */
record TenantRow(String id, String name, Instant createdAt, Integer maxRunningJobs, Integer maxQueuedJobs,
        Long maxQueuedSteps, Long maxUploadBytes, Double requestsPerSecond) {

    Limits limits(QuotaProperties defaults) {
        return new Limits(maxRunningJobs != null ? maxRunningJobs : defaults.maxRunningJobs(),
                maxQueuedJobs != null ? maxQueuedJobs : defaults.maxQueuedJobs(),
                maxQueuedSteps != null ? maxQueuedSteps : defaults.maxQueuedSteps(),
                maxUploadBytes != null ? maxUploadBytes : defaults.maxUploadBytes(),
                requestsPerSecond != null ? requestsPerSecond : defaults.requestsPerSecond());
    }
}
