package io.anneal.training.internal.noise;

import io.anneal.training.internal.HostWrites;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * Runtime half of {@link GradientNoise}: perturbs the gradient block in place, then lets the base
 * updater turn it into an update. Holds no state of its own beyond what the base updater keeps, so a
 * checkpoint of the base state is a checkpoint of this updater.
 */
final class GradientNoiseUpdater implements GradientUpdater<GradientNoise> {

    private final GradientNoise config;
    private final GradientUpdater<?> base;
    private NoisePrefetch prefetch = NoisePrefetch.INLINE;
    private final GaussianNoiseSource source;
    private NoiseBuffers buffers;

    GradientNoiseUpdater(GradientNoise config, GradientUpdater<?> base) {
        this.config = config;
        this.base = base;
        this.source = config.source();
    }

    /** Draws the next steps' noise there from now on; the noise itself does not change. */
    void prefetchWith(NoisePrefetch where) {
        if (where != prefetch) {
            prefetch = where;
            buffers = null;
        }
    }

    @Override
    public GradientNoise getConfig() {
        return config;
    }

    @Override
    public void setState(Map<String, INDArray> stateMap, boolean initialize) {
        base.setState(stateMap, initialize);
    }

    @Override
    public Map<String, INDArray> getState() {
        return base.getState();
    }

    @Override
    public void setStateViewArray(INDArray viewArray, long[] gradientShape, char gradientOrder, boolean initialize) {
        base.setStateViewArray(viewArray, gradientShape, gradientOrder, initialize);
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        if (config.addsNoiseAt(iteration)) {
            HostWrites inPlace = prefetch.inPlaceWrites();
            if (inPlace != null && HostWrites.updatable(gradient)) {
                boolean anticorrelated = config.correlation() == NoiseCorrelation.ANTICORRELATED && iteration > 0;
                inPlace.update(gradient, out -> source.addTo(out, iteration, gradient.offset(),
                        config.standardDeviationAt(iteration), anticorrelated,
                        anticorrelated ? config.standardDeviationAt(iteration - 1) : 0));
            } else {
                INDArray noise = buffersFor(gradient).perturbationAt(iteration);
                gradient.addi(noise.dataType() == gradient.dataType() ? noise : noise.castTo(gradient.dataType()));
            }
        }
        base.applyUpdater(gradient, iteration, epoch);
    }

    /** The block is identified by where its gradient starts in the network's flattened gradient. */
    private NoiseBuffers buffersFor(INDArray gradient) {
        if (buffers == null || !buffers.fits(gradient.length(), gradient.offset())) {
            buffers = new NoiseBuffers(config, prefetch, gradient.length(), gradient.offset());
        }
        return buffers;
    }
}
