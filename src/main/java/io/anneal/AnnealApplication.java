package io.anneal;

import java.lang.reflect.Proxy;
import java.time.Clock;
import org.slf4j.LoggerFactory;
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
     * makes {@code ./mvnw spring-boot:run} report a stop as a build failure. The JDK's signal API is
     * reached reflectively: it is not part of the platform's public API, and where it is missing the
     * JVM's own handling (the same graceful shutdown, another status) remains.
     */
    static void exitCleanlyOnStopSignals() {
        try {
            Class<?> signal = Class.forName("sun.misc.Signal");
            Class<?> handler = Class.forName("sun.misc.SignalHandler");
            Object exitCleanly = Proxy.newProxyInstance(handler.getClassLoader(), new Class<?>[] {handler},
                    (proxy, method, arguments) -> {
                        if (method.getName().equals("handle")) {
                            System.exit(0);
                        }
                        return method.getName().equals("toString") ? "exit with status 0" : null;
                    });
            for (String name : new String[] {"TERM", "INT"}) {
                signal.getMethod("handle", signal, handler)
                        .invoke(null, signal.getConstructor(String.class).newInstance(name), exitCleanly);
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(AnnealApplication.class)
                    .info("Stop signals keep the JVM's own exit status: {}", e.toString());
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
