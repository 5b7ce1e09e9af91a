package io.anneal.web;

import io.swagger.v3.core.util.Yaml;
import io.swagger.v3.oas.models.OpenAPI;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves the hand-written contract ({@code openapi.yaml}, packaged as {@code api/openapi.yaml}) at
 * {@code /v3/api-docs} and in Swagger UI, instead of the thin description generated from the code:
 * every operation with a meaningful id and summary, every problem response. {@code OpenApiContractTests}
 * turns this off ({@code anneal.api-docs.curated=false}) to hold the contract to what the code serves.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "anneal.api-docs.curated", matchIfMissing = true)
class CuratedApiDocs {

    static final String LOCATION = "/api/openapi.yaml";

    @Bean
    OpenApiCustomizer curatedContract() {
        OpenAPI curated = read();
        return generated -> {
            generated.setOpenapi(curated.getOpenapi());
            generated.setInfo(curated.getInfo());
            generated.setServers(curated.getServers());
            generated.setTags(curated.getTags());
            generated.setPaths(curated.getPaths());
            generated.setComponents(curated.getComponents());
            generated.setSecurity(curated.getSecurity());
        };
    }

    private static OpenAPI read() {
        try (InputStream in = CuratedApiDocs.class.getResourceAsStream(LOCATION)) {
            if (in == null) {
                throw new IllegalStateException("the build did not package " + LOCATION);
            }
            return Yaml.mapper().readValue(in, OpenAPI.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + LOCATION, e);
        }
    }
}
