package io.anneal.dataset;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Where uploaded datasets are kept and how large they may grow (the upload itself is limited by
 * {@code anneal.web.max-upload-bytes}).
 *
 * @param root the store: content-addressed blobs under {@code blobs/}, uploads in progress under
 *        {@code staging/}; share it between replicas
 * @param maxExpandedBytes most bytes the files of a zip may expand to (a zip bomb stops there)
 * @param maxFeatures most feature columns of a CSV
 * @param maxClasses most distinct labels
 */
@Validated
@ConfigurationProperties("anneal.datasets")
public record DatasetProperties(@DefaultValue(".anneal/datasets") String root,
        @DefaultValue("1GB") DataSize maxExpandedBytes,
        @DefaultValue("100000") @Min(1) int maxFeatures, @DefaultValue("10000") @Min(2) int maxClasses) {
}
