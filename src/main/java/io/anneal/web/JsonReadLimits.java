package io.anneal.web;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.jackson.autoconfigure.JsonMapperBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.util.unit.DataSize;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.cfg.EnumFeature;

/**
 * Hardens JSON parsing: nesting depth, string and number lengths are capped before any mapper exists,
 * a repeated key is an error instead of silently overriding the first, and no value is coerced.
 */
@Configuration(proxyBeanMethods = false)
class JsonReadLimits {

    /** Runs before any bean is created, so every JSON factory of the service sees the limits. */
    @Bean
    static BeanFactoryPostProcessor jsonStreamReadConstraints(Environment environment) {
        InputLimits limits = Binder.get(environment).bind("anneal.web", InputLimits.class)
                .orElseGet(() -> new InputLimits(2_097_152, DataSize.ofMegabytes(256), 32, 1_000_000));
        StreamReadConstraints.overrideDefaultStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(limits.maxJsonDepth())
                .maxStringLength(limits.maxJsonStringLength())
                .maxNumberLength(64)
                .maxNameLength(256)
                .build());
        return beanFactory -> {
        };
    }

    /**
     * A repeated key is an error, and nothing is coerced: no fraction becomes a whole number, no text a
     * number, no number the n-th name of a choice (request bodies are also checked field by field first,
     * see {@link StrictRequestBodies}).
     */
    @Bean
    JsonMapperBuilderCustomizer strictReading() {
        return builder -> builder.enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(EnumFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
    }
}
