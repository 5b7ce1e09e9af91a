package io.anneal.training.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The gains of Sussillo and Abbott (2014), computed by hand, and the spread of the weights they give. */
class RandomWalkInitTests {

    @Test
    void theReluGainIsSqrtTwoTimesExpOfOnePointTwoOverFanInLessTwoPointFour() {
        assertThat(RandomWalkInit.gain(100, true)).isCloseTo(Math.sqrt(2) * Math.exp(1.2 / 97.6), within(1e-12));
        assertThat(RandomWalkInit.gain(100, true)).isCloseTo(1.431709, within(1e-6));
        assertThat(RandomWalkInit.gain(50, true)).isCloseTo(1.450319, within(1e-6));
    }

    @Test
    void fanInsBelowSixUseSix() {
        assertThat(RandomWalkInit.gain(3, true)).isEqualTo(RandomWalkInit.gain(6, true));
        assertThat(RandomWalkInit.gain(6, true)).isCloseTo(Math.sqrt(2) * Math.exp(1.2 / 3.6), within(1e-12));
    }

    @Test
    void theLinearGainIsExpOfOneOverTwiceTheFanIn() {
        assertThat(RandomWalkInit.gain(50, false)).isCloseTo(Math.exp(0.01), within(1e-12));
        assertThat(RandomWalkInit.gain(784, false)).isCloseTo(1.000638, within(1e-6));
    }

    @Test
    void theWeightsHaveTheGainOverTheRootOfTheFanInAsTheirSpread() {
        Nd4j.getRandom().setSeed(11);
        INDArray weights = Nd4j.create(DataType.FLOAT, 400 * 500);
        new RandomWalkInit(true).init(400, 500, new long[] {400, 500}, 'f', weights);
        double expected = RandomWalkInit.gain(400, true) / Math.sqrt(400);
        assertThat(weights.stdNumber().doubleValue()).isCloseTo(expected, within(expected * 0.01));
        assertThat(weights.meanNumber().doubleValue()).isCloseTo(0.0, within(expected * 0.01));
    }
}
