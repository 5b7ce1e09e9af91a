package io.anneal.training.internal.noise;

import static org.assertj.core.api.Assertions.assertThat;

import org.nd4j.linalg.api.ndarray.INDArray;

/** Sample mean and variance checks with 99.9% bounds for i.i.d. Gaussian samples. */
final class NoiseStatistics {

    /** Two-sided 99.9% quantile of the standard normal. */
    private static final double Z_999 = 3.2905;

    private NoiseStatistics() {
    }

    /**
     * Asserts the samples look like N(0, variance): the mean within the 99.9% interval of its standard
     * error, and {@code (n-1) s^2 / variance} within the 99.9% chi-square interval (normal approximation,
     * exact enough for n in the hundreds of thousands).
     */
    static void assertGaussian(INDArray samples, double variance) {
        double[] values = samples.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
        int n = values.length;
        double mean = 0;
        for (double value : values) {
            mean += value;
        }
        mean /= n;
        double squares = 0;
        for (double value : values) {
            squares += (value - mean) * (value - mean);
        }
        double sampleVariance = squares / (n - 1);
        double meanBound = Z_999 * Math.sqrt(variance / n);
        double relativeVarianceBound = Z_999 * Math.sqrt(2.0 / (n - 1));
        assertThat(mean).as("mean of %d samples", n).isBetween(-meanBound, meanBound);
        assertThat(sampleVariance / variance).as("sample variance / expected variance %s", variance)
                .isBetween(1 - relativeVarianceBound, 1 + relativeVarianceBound);
    }
}
