package io.anneal.database;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The embedded PostgreSQL, used only when {@code spring.datasource.url} is not set.
 *
 * @param enabled set false to fail fast instead when no datasource is configured
 * @param dataDirectory where its data lives; kept across restarts
 * @param port a fixed port, so a server left behind by a killed process is found again; 0 picks a
 *     free port at every start
 */
@Validated
@ConfigurationProperties("anneal.database.embedded")
public record EmbeddedDatabaseProperties(@DefaultValue("true") boolean enabled,
        @DefaultValue(".anneal/postgres") Path dataDirectory,
        @DefaultValue("54329") @Min(0) @Max(65535) int port) {
}
