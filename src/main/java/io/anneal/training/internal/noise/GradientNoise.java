package io.anneal.training.internal.noise;

import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.annotation.JsonCreator;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Configuration of the gradient-noise updater: wraps a base updater and adds
 * {@code N(0, sigma_t^2)} to every gradient element before delegating to it.
 *
 * <p>{@code eta} is the variance at step 0 (not the standard deviation). Equal settings compare
 * equal, so DL4J merges consecutive layers into one updater block.
 */
public final class GradientNoise implements IUpdater {

    public static final double DEFAULT_GAMMA = 0.55;

    private final IUpdater base;
    private final double eta;
    private final double gamma;
    private final long seed;
    private final NoiseSchedule schedule;
    private final NoiseCorrelation correlation;
    private final Long stopAfterStep;
    private final boolean applyToBiases;
    /** Which generator draws the noise ({@link GaussianNoiseSource}); saved with every checkpoint and model. */
    private final int noiseStream;

    /** Noise drawn by the current generator. */
    public GradientNoise(IUpdater base, double eta, double gamma, long seed, NoiseSchedule schedule,
            NoiseCorrelation correlation, Long stopAfterStep, boolean applyToBiases) {
        this(base, eta, gamma, seed, schedule, correlation, stopAfterStep, applyToBiases,
                GaussianNoiseSource.CURRENT_STREAM);
    }

    /**
     * As saved: a configuration written before noise streams were numbered has none and keeps drawing
     * stream 1, so a run resumed from its checkpoint draws what it would have drawn.
     */
    @JsonCreator
    public GradientNoise(@JsonProperty("base") IUpdater base, @JsonProperty("eta") double eta,
            @JsonProperty("gamma") double gamma, @JsonProperty("seed") long seed,
            @JsonProperty("schedule") NoiseSchedule schedule,
            @JsonProperty("correlation") NoiseCorrelation correlation,
            @JsonProperty("stopAfterStep") Long stopAfterStep,
            @JsonProperty("applyToBiases") boolean applyToBiases,
            @JsonProperty("noiseStream") Integer noiseStream) {
        this.base = Objects.requireNonNull(base, "base updater");
        this.eta = requireAtLeast("eta", eta, 0);
        this.gamma = requireAtLeast("gamma", gamma, 0);
        this.seed = seed;
        this.schedule = schedule == null ? NoiseSchedule.POLYNOMIAL : schedule;
        this.correlation = correlation == null ? NoiseCorrelation.INDEPENDENT : correlation;
        if (stopAfterStep != null && stopAfterStep < 0) {
            throw new IllegalArgumentException("stopAfterStep must be >= 0, was " + stopAfterStep);
        }
        this.stopAfterStep = stopAfterStep;
        this.applyToBiases = applyToBiases;
        this.noiseStream = noiseStream == null ? GaussianNoiseSource.LEGACY_STREAM : noiseStream;
        if (!GaussianNoiseSource.known(this.noiseStream)) {
            throw new IllegalArgumentException("no noise stream " + noiseStream + "; this version draws 1, 2 and 3");
        }
    }

    /** The paper's defaults around {@code base}: polynomial schedule, gamma 0.55, independent draws. */
    public static GradientNoise around(IUpdater base, double eta, long seed) {
        return new GradientNoise(base, eta, DEFAULT_GAMMA, seed, NoiseSchedule.POLYNOMIAL,
                NoiseCorrelation.INDEPENDENT, null, true);
    }

    /** Standard deviation of the noise drawn at update {@code step}: the square root of the variance. */
    public double standardDeviationAt(long step) {
        if (step < 0 || (stopAfterStep != null && step > stopAfterStep)) {
            return 0;
        }
        return Math.sqrt(schedule.variance(eta, gamma, step));
    }

    /**
     * Standard deviation of what update {@code step} actually adds: {@code sigma_t} for independent
     * draws; for anticorrelated increments {@code xi_t - xi_(t-1)} of independent draws, the square
     * root of the sum of both variances. This is the sigma the curves report.
     */
    public double appliedStandardDeviationAt(long step) {
        double now = standardDeviationAt(step);
        if (correlation != NoiseCorrelation.ANTICORRELATED) {
            return now;
        }
        double before = standardDeviationAt(step - 1);
        return Math.sqrt(now * now + before * before);
    }

    /** The updater DL4J should use for bias parameters: this one, or the bare base updater. */
    public IUpdater biasUpdater() {
        return applyToBiases ? this : base.clone();
    }

    /** Finds the noise configuration of a layer's updater, if it has one. */
    public static java.util.Optional<GradientNoise> of(IUpdater updater) {
        return updater instanceof GradientNoise noise ? java.util.Optional.of(noise) : java.util.Optional.empty();
    }

    boolean addsNoiseAt(long step) {
        return standardDeviationAt(step) > 0
                || (correlation == NoiseCorrelation.ANTICORRELATED && standardDeviationAt(step - 1) > 0);
    }

    GaussianNoiseSource source() {
        return new GaussianNoiseSource(seed, noiseStream);
    }

    public int noiseStream() {
        return noiseStream;
    }

    public IUpdater base() {
        return base;
    }

    public double eta() {
        return eta;
    }

    public double gamma() {
        return gamma;
    }

    public long seed() {
        return seed;
    }

    public NoiseSchedule schedule() {
        return schedule;
    }

    public NoiseCorrelation correlation() {
        return correlation;
    }

    public Long stopAfterStep() {
        return stopAfterStep;
    }

    public boolean applyToBiases() {
        return applyToBiases;
    }

    @Override
    public long stateSize(long numParams) {
        return base.stateSize(numParams);
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        return new GradientNoiseUpdater(this, base.instantiate(viewArray, initializeViewArray));
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> updaterState, boolean initializeStateArrays) {
        return new GradientNoiseUpdater(this, base.instantiate(updaterState, initializeStateArrays));
    }

    @Override
    public GradientNoise clone() {
        return new GradientNoise(base.clone(), eta, gamma, seed, schedule, correlation, stopAfterStep, applyToBiases,
                noiseStream);
    }

    @Override
    public double getLearningRate(int iteration, int epoch) {
        return base.getLearningRate(iteration, epoch);
    }

    @Override
    public boolean hasLearningRate() {
        return base.hasLearningRate();
    }

    @Override
    public void setLrAndSchedule(double lr, ISchedule lrSchedule) {
        base.setLrAndSchedule(lr, lrSchedule);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GradientNoise that
                && base.equals(that.base)
                && Double.compare(eta, that.eta) == 0
                && Double.compare(gamma, that.gamma) == 0
                && seed == that.seed
                && schedule == that.schedule
                && correlation == that.correlation
                && Objects.equals(stopAfterStep, that.stopAfterStep)
                && applyToBiases == that.applyToBiases
                && noiseStream == that.noiseStream;
    }

    @Override
    public int hashCode() {
        return Objects.hash(base, eta, gamma, seed, schedule, correlation, stopAfterStep, applyToBiases, noiseStream);
    }

    @Override
    public String toString() {
        return "GradientNoise{base=" + base + ", eta=" + eta + ", gamma=" + gamma + ", seed=" + seed
                + ", schedule=" + schedule + ", correlation=" + correlation + ", stopAfterStep=" + stopAfterStep
                + ", applyToBiases=" + applyToBiases + ", noiseStream=" + noiseStream + '}';
    }

    private static double requireAtLeast(String name, double value, double minimum) {
        if (!(value >= minimum) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be a finite number >= " + minimum + ", was " + value);
        }
        return value;
    }
}
