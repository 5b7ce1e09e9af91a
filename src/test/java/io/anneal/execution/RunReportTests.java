package io.anneal.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.artifact.BestModel;
import io.anneal.artifact.ModelRef;
import io.anneal.spec.KeepBest;
import org.junit.jupiter.api.Test;

/** What the heartbeat records of a run's best model, and which files pruning must keep meanwhile. */
class RunReportTests {

    private final BestModel earlier = best(10);
    private final BestModel newer = best(20);

    @Test
    void aBestModelBeingRecordedStaysInUseUntilTheRecordingEnds() {
        RunReport report = new RunReport(0, 0, earlier);
        assertThat(report.beginRecordingBest()).as("what the job already points at").isNull();
        assertThat(report.bestModelsInUse()).containsExactly(earlier);

        report.bestModelSaved(newer);
        assertThat(report.beginRecordingBest()).isEqualTo(newer);
        assertThat(report.bestModelsInUse()).containsExactly(earlier, newer);

        report.bestRecording(newer, true);
        assertThat(report.bestModelsInUse()).containsExactly(newer);
        assertThat(report.beginRecordingBest()).isNull();
    }

    @Test
    void aFailedRecordingIsTriedAgainAndKeepsTheOldFileInUse() {
        RunReport report = new RunReport(0, 0, earlier);
        report.bestModelSaved(newer);
        report.bestRecording(report.beginRecordingBest(), false);
        assertThat(report.bestModelsInUse()).containsExactly(earlier);
        assertThat(report.beginRecordingBest()).isEqualTo(newer);
    }

    private static BestModel best(long step) {
        return new BestModel(new ModelRef("/models/run/best-step-%012d.zip".formatted(step), "0".repeat(64), 1),
                KeepBest.VALIDATION_ACCURACY, step, 1, 0.9, 0.3, 0.88);
    }
}
