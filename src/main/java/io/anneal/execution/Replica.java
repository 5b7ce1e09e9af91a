package io.anneal.execution;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The name this instance records on the attempts it runs, tags its meters with and writes in its log
 * lines: {@code anneal.execution.replica} when set (the Helm chart sets the pod name), otherwise host name
 * and process id.
 */
@Component
class Replica {

    private final String name;

    Replica(ExecutionProperties properties) {
        String chosen = properties.replica().isBlank() ? hostAndProcess() : properties.replica();
        this.name = chosen.substring(0, Math.min(chosen.length(), 200));
        // every log line names the replica (logging.pattern.level: %property{replica})
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext logback) {
            logback.putProperty("replica", name);
        }
    }

    String name() {
        return name;
    }

    private static String hostAndProcess() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + ":" + ManagementFactory.getRuntimeMXBean().getPid();
    }
}
