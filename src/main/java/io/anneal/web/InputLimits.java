package io.anneal.web;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Limits on what a request body may be, so hostile input is refused before it costs memory or time.
 *
 * @param maxRequestBytes largest request body; larger ones are answered 413
 * @param maxUploadBytes largest multipart upload (a dataset, all its files together); larger ones are
 *        answered 413
 * @param maxJsonDepth deepest nesting of JSON objects and arrays
 * @param maxJsonStringLength longest JSON string value
 */
@Validated
@ConfigurationProperties("anneal.web")
public record InputLimits(@DefaultValue("2097152") @Min(1024) long maxRequestBytes,
        @DefaultValue("256MB") DataSize maxUploadBytes,
        @DefaultValue("32") @Min(4) int maxJsonDepth,
        @DefaultValue("1000000") @Min(1000) int maxJsonStringLength) {
}
