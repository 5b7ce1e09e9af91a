package io.anneal.tenant;

/** A tenant's own quotas; a member left out or null uses the configured default. */
record QuotaRequest(Integer runningJobs, Integer queuedJobs, Long queuedSteps, Long uploadBytes,
        Double requestsPerSecond) {

    static final QuotaRequest DEFAULTS = new QuotaRequest(null, null, null, null, null);
}
