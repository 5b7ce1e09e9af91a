package io.anneal.curve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DownsamplerTests {

    @Test
    void keepsTheFirstAndLastPointAndReturnsExactlyTheTarget() {
        List<StoredPoint> kept = Downsampler.lttb(curve(10_000, -1), 50);
        assertThat(kept).hasSize(50);
        assertThat(kept.get(0).step()).isEqualTo(1);
        assertThat(kept.get(49).step()).isEqualTo(10_000);
        assertThat(kept).isSortedAccordingTo((a, b) -> Long.compare(a.step(), b.step()));
    }

    @Test
    void keepsASpikeThatAveragingWouldHide() {
        List<StoredPoint> kept = Downsampler.lttb(curve(10_000, 6_543), 20);
        assertThat(kept).anyMatch(point -> point.step() == 6_543);
    }

    @Test
    void returnsShortCurvesUnchanged() {
        List<StoredPoint> points = curve(10, -1);
        assertThat(Downsampler.lttb(points, 500)).isEqualTo(points);
        assertThat(Downsampler.lttb(points, 2)).extracting(StoredPoint::step).containsExactly(1L, 10L);
    }

    private static List<StoredPoint> curve(int length, int spikeAt) {
        List<StoredPoint> points = new ArrayList<>();
        for (int step = 1; step <= length; step++) {
            double value = 2.3 / Math.sqrt(step) + (step == spikeAt ? 50 : 0);
            points.add(new StoredPoint(step, 1, value, Instant.EPOCH));
        }
        return points;
    }
}
