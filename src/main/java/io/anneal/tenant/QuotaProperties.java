package io.anneal.tenant;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Quotas of every tenant that has none of its own (an admin sets a tenant's own with PUT
 * /api/v1/tenants/{id}/quotas).
 *
 * @param maxRunningJobs jobs of one tenant training at once; more wait in the queue
 * @param maxQueuedJobs jobs of one tenant waiting in the queue; a submission past it is refused (429)
 * @param maxQueuedSteps updates planned by one tenant's queued jobs together; past it, refused (429)
 * @param maxUploadBytes bytes of one tenant's uploaded datasets together; past it, refused (429)
 * @param requestsPerSecond requests per second per key, on each replica, with bursts of one second's worth
 */
@Validated
@ConfigurationProperties("anneal.quotas")
record QuotaProperties(@DefaultValue("16") @Min(0) int maxRunningJobs,
        @DefaultValue("10000") @Min(0) int maxQueuedJobs,
        @DefaultValue("100000000") @Min(0) long maxQueuedSteps,
        @DefaultValue("10737418240") @Min(0) long maxUploadBytes,
        @DefaultValue("100") @Positive double requestsPerSecond) {
}
