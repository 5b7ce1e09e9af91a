package io.anneal.training.internal;

import io.anneal.training.ComputeDevices;
import io.anneal.training.internal.noise.NoisePrefetch;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Applies {@link TrainingProperties} to the process-wide ND4J settings once, at startup, and owns where
 * every job's gradient noise is drawn (a pool, when noise is drawn ahead, is closed with the application).
 */
@Component
public class Nd4jRuntime implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Nd4jRuntime.class);
    private final String backend;
    private final NoisePrefetch noisePrefetch;

    public Nd4jRuntime(TrainingProperties properties, io.anneal.training.TrainingThreads trainingThreads) {
        Nd4j.getEnvironment().setMaxThreads(properties.threadsPerJob());
        Nd4j.getEnvironment().setMaxMasterThreads(properties.threadsPerJob());
        Nd4j.factory().blas().setMaxThreads(properties.threadsPerJob());
        boolean cpu = Nd4jDevices.kindOf(Nd4j.getBackend().getClass().getName()) == ComputeDevices.Kind.CPU;
        NoiseDrawing drawing = properties.noiseDrawing();
        // on a GPU, drawing in place would copy the whole gradient to the host and back for every noisy block
        noisePrefetch = drawing == NoiseDrawing.INLINE ? NoisePrefetch.INLINE
                : drawing == NoiseDrawing.IN_PLACE && cpu ? NoisePrefetch.IN_PLACE
                : NoisePrefetch.pooled(Runtime.getRuntime().availableProcessors(), trainingThreads);
        backend = Nd4j.getBackend().getClass().getSimpleName();
        log.info("ND4J backend {} with {} thread(s) per job, gradient noise drawn {}", backend,
                properties.threadsPerJob(), noisePrefetch.describe());
    }

    public String backend() {
        return backend;
    }

    public NoisePrefetch noisePrefetch() {
        return noisePrefetch;
    }

    @Override
    public void destroy() {
        noisePrefetch.close();
    }
}
