package io.anneal.tenant;

import com.fasterxml.jackson.annotation.JsonValue;

/** The limits a tenant has, each named as in its JSON and in a 429's {@code quota} member. */
public enum Quota {
    /** Jobs training at once; more stay queued until one ends (never refused). */
    RUNNING_JOBS("runningJobs", "running jobs"),
    QUEUED_JOBS("queuedJobs", "queued jobs"),
    /** Updates planned by all queued jobs together. */
    QUEUED_STEPS("queuedSteps", "queued steps"),
    /** Bytes stored by all uploaded datasets together. */
    UPLOAD_BYTES("uploadBytes", "bytes of uploaded datasets"),
    /** Requests per second per key, with bursts of a second's worth beyond it. */
    REQUESTS_PER_SECOND("requestsPerSecond", "requests per second per key");

    private final String json;
    private final String description;

    Quota(String json, String description) {
        this.json = json;
        this.description = description;
    }

    @JsonValue
    public String json() {
        return json;
    }

    public String description() {
        return description;
    }
}
