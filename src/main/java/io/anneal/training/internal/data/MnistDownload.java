package io.anneal.training.internal.data;

import io.anneal.artifact.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fetches the full MNIST from a mirror, verifying each file's SHA-256 before it becomes visible. */
final class MnistDownload {

    static final String NAME = "mnist";
    private static final Logger log = LoggerFactory.getLogger(MnistDownload.class);
    private static final Map<String, String> SHA256 = Map.of(
            MnistFolder.TRAIN_IMAGES + ".gz", "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            MnistFolder.TRAIN_LABELS + ".gz", "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            MnistFolder.TEST_IMAGES + ".gz", "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            MnistFolder.TEST_LABELS + ".gz", "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6");

    private final URI mirror;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(20)).followRedirects(HttpClient.Redirect.NORMAL).build();

    MnistDownload(URI mirror) {
        this.mirror = mirror;
    }

    void into(Path directory) throws IOException {
        Files.createDirectories(directory);
        for (Map.Entry<String, String> file : SHA256.entrySet()) {
            Path target = directory.resolve(file.getKey());
            if (!Files.isRegularFile(target)) {
                fetch(file.getKey(), file.getValue(), target);
            }
        }
    }

    private void fetch(String name, String expectedSha256, Path target) throws IOException {
        URI source = mirror.resolve(name);
        log.info("Downloading {} from {}", name, source);
        Path partial = Files.createTempFile(target.getParent(), name, ".part");
        try {
            String actual = copyHashing(source, partial);
            if (!actual.equals(expectedSha256)) {
                throw new IOException(source + " has SHA-256 " + actual + ", expected " + expectedSha256);
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private String copyHashing(URI source, Path partial) throws IOException {
        try {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(source)
                    .timeout(Duration.ofMinutes(5)).build(), HttpResponse.BodyHandlers.ofInputStream());
            if (response.statusCode() != 200) {
                response.body().close();
                throw new IOException(source + " answered HTTP " + response.statusCode());
            }
            MessageDigest digest = Sha256.digest();
            try (InputStream in = new DigestInputStream(response.body(), digest)) {
                Files.copy(in, partial, StandardCopyOption.REPLACE_EXISTING);
            }
            return Sha256.hex(digest.digest());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while downloading " + source, e);
        } catch (IOException e) {
            throw new IOException("cannot download " + source + ": " + DatasetProblems.describe(e), e);
        }
    }
}
