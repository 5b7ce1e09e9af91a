package io.anneal.tenant;

import com.fasterxml.jackson.annotation.JsonProperty;

/** A tenant's quotas in effect: its own where set, the configured defaults otherwise. */
public record Limits(@JsonProperty("runningJobs") int maxRunningJobs, @JsonProperty("queuedJobs") int maxQueuedJobs,
        @JsonProperty("queuedSteps") long maxQueuedSteps, @JsonProperty("uploadBytes") long maxUploadBytes,
        double requestsPerSecond) {
}
