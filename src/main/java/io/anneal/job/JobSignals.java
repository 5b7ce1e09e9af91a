package io.anneal.job;

/** What a heartbeat learns of its job in one read: its status, a pending early stop, its lease token. */
record JobSignals(JobStatus status, boolean stopRequested, long leaseToken) {
}
