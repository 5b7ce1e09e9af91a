package io.anneal;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Anneal: training as a service for deep networks with annealed gradient noise. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class AnnealApplication {

    /** The one clock of the service; tests may replace it. */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    public static void main(String[] args) {
        disableJavaCppPhysicalMemoryCheck();
        exitCleanlyOnStopSignals();
        SpringApplication.run(AnnealApplication.class, args);
    }

    /**
     * SIGTERM and SIGINT end the process with status 0 after the graceful shutdown (every running job
     * checkpointed and handed back), which is what a stop asked for; the JVM's default status 143 or 130
     * makes {@code ./mvnw spring-boot:run} report a stop as a build failure.
     */
    @SuppressWarnings("removal")
    static void exitCleanlyOnStopSignals() {
        for (String name : new String[] {"TERM", "INT"}) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> System.exit(0));
        }
    }

    /**
     * JavaCPP reads the process's resident memory on every native allocation to enforce its own limit;
     * ND4J allocates per op, and that read measured 13% of a training step (docs/performance.md).
     * Memory stays bounded by workspaces, the GC and the container's limit. Must run before ND4J loads.
     */
    static void disableJavaCppPhysicalMemoryCheck() {
        if (System.getProperty("org.bytedeco.javacpp.maxPhysicalBytes") == null) {
            System.setProperty("org.bytedeco.javacpp.maxPhysicalBytes", "0");
        }
    }
}
