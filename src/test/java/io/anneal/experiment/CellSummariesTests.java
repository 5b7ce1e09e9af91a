package io.anneal.experiment;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.job.FailureReason;
import io.anneal.job.JobStatus;
import io.anneal.job.JobView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The stated policy: which runs each figure covers, with its n. */
class CellSummariesTests {

    private final JobView succeeded = run(JobStatus.SUCCEEDED, 0.97, null);
    private final JobView diverged = run(JobStatus.FAILED, null, FailureReason.DIVERGED);
    private final JobView cancelled = run(JobStatus.CANCELLED, 0.5, null);
    private final JobView training = run(JobStatus.RUNNING, 0.6, null);
    private final JobView stopped = run(JobStatus.SUCCEEDED, 0.8, null, true);

    @Test
    void finalValuesCoverSucceededRunsAndBestSeenEveryRunThatEndedOnItsOwn() {
        List<JobView> all = List.of(succeeded, diverged, cancelled, training, stopped);
        Map<UUID, Double> bestSeen = all.stream().collect(Collectors.toMap(JobView::id, run -> 0.9));
        CellSummaries summaries = new CellSummaries("testAccuracy", byId(all), bestSeen);
        GridCell cell = new GridCell(0, List.of(), Map.of());
        ExperimentView.Cell summary = summaries.cells(List.of(cell), Map.of(0, ids(all)), Set.of()).get(0);

        assertThat(summary.summary().finalValue().n()).as("succeeded only, not stopped early").isEqualTo(1);
        assertThat(summary.summary().finalValue().std()).as("no std of one value").isNull();
        assertThat(summary.summary().bestDuringTraining().n()).as("succeeded and diverged").isEqualTo(2);
        assertThat(summary.runs()).isEqualTo(new ExperimentView.Runs(5, 1, 1, 1, Map.of("DIVERGED", 1), 1));
        assertThat(summary.complete()).as("a run is still training").isFalse();
    }

    @Test
    void theValidationSelectedFigureCoversRunsThatEndedOnTheirOwnAndKeptAModel() {
        JobView keptAndSucceeded = run(JobStatus.SUCCEEDED, 0.97, null, false, 0.96);
        JobView keptThenDiverged = run(JobStatus.FAILED, null, FailureReason.DIVERGED, false, 0.90);
        JobView keptThenCancelled = run(JobStatus.CANCELLED, null, null, false, 0.5);
        JobView keptThenStopped = run(JobStatus.SUCCEEDED, 0.8, null, true, 0.7);
        List<JobView> all = List.of(keptAndSucceeded, keptThenDiverged, keptThenCancelled, keptThenStopped,
                succeeded);
        GridCell cell = new GridCell(0, List.of(), Map.of());
        ExperimentView.Summary summary = new CellSummaries("testAccuracy", byId(all), Map.of())
                .cells(List.of(cell), Map.of(0, ids(all)), Set.of()).get(0).summary();

        assertThat(summary.validationSelected().n()).isEqualTo(2);
        assertThat(summary.validationSelected().mean()).isCloseTo(0.93, org.assertj.core.data.Offset.offset(1e-12));
        ExperimentView.Summary byLoss = new CellSummaries("trainLoss", byId(all), Map.of())
                .cells(List.of(cell), Map.of(0, ids(all)), Set.of()).get(0).summary();
        assertThat(byLoss.validationSelected()).as("a test accuracy is no train-loss figure").isNull();
    }

    @Test
    void aStandardDeviationNeedsTwoValues() {
        assertThat(Statistics.of(List.of(0.5), true).std()).isNull();
        assertThat(Statistics.of(List.of(0.5, 0.7), true).std()).isCloseTo(0.141421, org.assertj.core.data.Offset
                .offset(1e-6));
        assertThat(Statistics.of(List.of(), true).n()).isZero();
    }

    private static Map<UUID, JobView> byId(List<JobView> runs) {
        return runs.stream().collect(Collectors.toMap(JobView::id, Function.identity()));
    }

    private static List<UUID> ids(List<JobView> runs) {
        return runs.stream().map(JobView::id).toList();
    }

    private static JobView run(JobStatus status, Double accuracy, FailureReason failure) {
        return run(status, accuracy, failure, false);
    }

    private static JobView run(JobStatus status, Double accuracy, FailureReason failure, boolean stoppedEarly) {
        return run(status, accuracy, failure, stoppedEarly, null);
    }

    private static JobView run(JobStatus status, Double accuracy, FailureReason failure, boolean stoppedEarly,
            Double selectedTestAccuracy) {
        JobView.BestModelFile best = selectedTestAccuracy == null ? null : new JobView.BestModelFile(
                "validationAccuracy", 8, 2, 0.95, 0.2, selectedTestAccuracy, "0".repeat(64), 100);
        return new JobView(UUID.randomUUID(), "run", status, null, Instant.EPOCH, Instant.EPOCH, null,
                new JobView.Progress(1, 10, 10L), new JobView.Metrics(0.1, 0.1, accuracy),
                failure == null ? null : new JobView.Failure(failure, "loss became NaN", 5L), 1, null, null, null,
                best, stoppedEarly ? Boolean.TRUE : null, null);
    }
}
