package io.anneal.training.internal.data;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Where datasets live.
 *
 * @param root folder whose sub-folders holding the four MNIST IDX files are datasets named after
 *     the folder; the full MNIST is downloaded into {@code root/mnist}
 * @param extraRoots further read-only folders scanned the same way (skipped when missing)
 * @param downloadAllowed whether the full MNIST may be fetched from {@code mnistMirror}
 * @param mnistMirror base URL serving the four gzip files under their standard names
 * @param bundled whether to offer {@code mnist-10k}, the 8,000 + 1,000 real digits shipped with Anneal
 */
@Validated
@ConfigurationProperties("anneal.data")
public record DataProperties(@DefaultValue("data") String root,
        @DefaultValue("") List<String> extraRoots,
        @DefaultValue("true") boolean downloadAllowed,
        @DefaultValue("https://ossci-datasets.s3.amazonaws.com/mnist/") URI mnistMirror,
        @DefaultValue("true") boolean bundled) {

    /** The primary root first, then the extra ones, as file-system paths. */
    public List<Path> roots() {
        java.util.ArrayList<Path> roots = new java.util.ArrayList<>();
        roots.add(Path.of(root));
        extraRoots.stream().filter(extra -> !extra.isBlank()).map(Path::of).forEach(roots::add);
        return roots;
    }
}
