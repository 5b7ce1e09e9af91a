package io.anneal.job;

/** Latest progress a worker reports with its heartbeat. */
public record RunProgress(int epoch, long step, Long totalSteps, double lastLoss) {
}
