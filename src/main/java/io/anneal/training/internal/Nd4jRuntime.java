package io.anneal.training.internal;

import io.anneal.training.internal.noise.NoisePrefetch;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Applies {@link TrainingProperties} to the process-wide ND4J settings once, at startup. */
@Component
public class Nd4jRuntime {

    private static final Logger log = LoggerFactory.getLogger(Nd4jRuntime.class);
    private final String backend;

    public Nd4jRuntime(TrainingProperties properties) {
        Nd4j.getEnvironment().setMaxThreads(properties.threadsPerJob());
        Nd4j.getEnvironment().setMaxMasterThreads(properties.threadsPerJob());
        Nd4j.factory().blas().setMaxThreads(properties.threadsPerJob());
        NoisePrefetch.setEnabled(properties.noisePrefetch());
        backend = Nd4j.getBackend().getClass().getSimpleName();
        log.info("ND4J backend {} with {} thread(s) per job, noise prefetch {}", backend,
                properties.threadsPerJob(), properties.noisePrefetch() ? "on" : "off");
    }

    public String backend() {
        return backend;
    }
}
