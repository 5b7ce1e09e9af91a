package io.anneal.execution;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.micrometer.metrics.autoconfigure.MeterRegistryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every meter this replica exports carries its name as the {@code replica} tag, so dashboards and alerts
 * can tell replicas apart by the name their jobs' attempts record (the pod name under the Helm chart),
 * not by a scrape address that changes when a pod is replaced.
 */
@Configuration(proxyBeanMethods = false)
class ReplicaIdentity {

    @Bean
    MeterRegistryCustomizer<MeterRegistry> replicaTag(Replica replica) {
        return registry -> registry.config().commonTags("replica", replica.name());
    }
}
