package io.anneal.training.internal;

import io.anneal.training.internal.noise.NoisePrefetch;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Applies {@link TrainingProperties} to the process-wide ND4J settings once, at startup, and owns the
 * pool that draws gradient noise ahead for every job (closed with the application).
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
        noisePrefetch = properties.noisePrefetch()
                ? NoisePrefetch.pooled(Runtime.getRuntime().availableProcessors(), trainingThreads) : NoisePrefetch.INLINE;
        backend = Nd4j.getBackend().getClass().getSimpleName();
        log.info("ND4J backend {} with {} thread(s) per job, noise prefetch {}", backend,
                properties.threadsPerJob(), properties.noisePrefetch() ? "on" : "off");
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
