package io.anneal.training.internal.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.anneal.training.DatasetDescription;
import io.anneal.training.DatasetUnavailableException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

class DatasetCatalogTests {

    private static final String FIXTURES = "src/test/resources/datasets";

    @TempDir
    Path emptyRoot;

    @Test
    void everyFolderWithTheFourIdxFilesIsADatasetNamedAfterIt() {
        DatasetCatalog catalog = catalog(emptyRoot.toString(), List.of(FIXTURES), false);
        assertThat(catalog.list()).extracting(DatasetDescription::name).containsExactly("synthetic", "adding-100", "binary-addition-8",
                "mnist-tiny");
        assertThat(catalog.find("mnist-tiny")).get().extracting(DatasetDescription::available).isEqualTo(true);
    }

    @Test
    void realDigitsLoadScaledToTheUnitIntervalWithOneHotLabels() {
        DatasetCatalog catalog = catalog(FIXTURES, List.of(), false);
        Dataset digits = catalog.dataset("mnist-tiny");
        assertThat(digits.trainExamples()).isEqualTo(300);
        assertThat(digits.testExamples()).isEqualTo(100);
        assertThat(digits.features()).isEqualTo(784);
        assertThat(digits.trainFeatures().maxNumber().doubleValue()).isEqualTo(1.0);
        assertThat(digits.trainFeatures().minNumber().doubleValue()).isEqualTo(0.0);
        INDArray labelSums = digits.trainLabels().sum(1);
        assertThat(labelSums.minNumber().doubleValue()).isEqualTo(1.0);
        assertThat(labelSums.maxNumber().doubleValue()).isEqualTo(1.0);
        assertThat(catalog.dataset("mnist-tiny")).isSameAs(digits);
    }

    @Test
    void anUnknownOrEscapingNameIsUnavailable() {
        DatasetCatalog catalog = catalog(FIXTURES, List.of(), false);
        assertThatThrownBy(() -> catalog.load("nothing-here")).isInstanceOf(DatasetUnavailableException.class);
        assertThatThrownBy(() -> catalog.load("../datasets/mnist-tiny"))
                .isInstanceOf(DatasetUnavailableException.class);
    }

    @Test
    void theFullMnistIsOfferedForDownloadOnlyWhenAllowed() {
        assertThat(catalog(emptyRoot.toString(), List.of(), true).list()).extracting(DatasetDescription::name)
                .contains("mnist");
        assertThat(catalog(emptyRoot.toString(), List.of(), false).list()).extracting(DatasetDescription::name)
                .doesNotContain("mnist");
    }

    @Test
    void aDownloadWhoseChecksumDoesNotMatchIsRejectedAndLeavesNoFile() throws IOException {
        HttpServer mirror = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        mirror.createContext("/", exchange -> {
            byte[] body = "not the MNIST you are looking for".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        mirror.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + mirror.getAddress().getPort() + "/");
            DatasetCatalog catalog = new DatasetCatalog(new DataProperties(emptyRoot.toString(), List.of(), true, url, false));
            assertThatThrownBy(() -> catalog.load("mnist")).isInstanceOf(DatasetUnavailableException.class)
                    .hasMessageContaining("SHA-256");
            try (var files = Files.list(emptyRoot.resolve("mnist"))) {
                assertThat(files).isEmpty();
            }
        } finally {
            mirror.stop(0);
        }
    }

    @Test
    void aFailedDownloadNamesTheAddressAndTheCause() throws IOException {
        int closed;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        URI mirror = URI.create("http://127.0.0.1:" + closed + "/mnist/");
        DatasetCatalog catalog = new DatasetCatalog(new DataProperties(emptyRoot.toString(), List.of(), true, mirror,
                false));
        assertThatThrownBy(() -> catalog.dataset("mnist")).isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("http://127.0.0.1:" + closed + "/mnist/")
                .hasMessageContaining("refused or the network is unreachable")
                .hasMessageNotContaining("null");
    }

    @Test
    void aDatasetThatCannotBeLoadedIsRefusedAtSubmissionWithTheReason() throws IOException {
        Path broken = Files.createDirectories(emptyRoot.resolve("broken"));
        for (String file : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            Files.writeString(broken.resolve(file), "not an IDX file");
        }
        DatasetSpecCheck check = new DatasetSpecCheck(catalog(emptyRoot.toString(), List.of(), false));
        List<io.anneal.spec.FieldProblem> problems = check.check(new io.anneal.spec.RunSpec(
                new io.anneal.spec.DatasetRef("broken"), null, null, null, null));
        assertThat(problems).singleElement().satisfies(problem -> {
            assertThat(problem.field()).isEqualTo("dataset.name");
            assertThat(problem.message()).contains("'broken' is unavailable").contains("not an IDX file");
        });
        assertThat(check.check(new io.anneal.spec.RunSpec(new io.anneal.spec.DatasetRef("synthetic"), null, null, null,
                null))).isEmpty();
    }

    @Test
    void theBundledDigitsAreOfferedAndLoadWithoutAnyFolder() {
        DatasetCatalog catalog = new DatasetCatalog(new DataProperties(emptyRoot.toString(), List.of(), false,
                URI.create("http://127.0.0.1:9/"), true));
        assertThat(catalog.find("mnist-10k")).get().extracting(DatasetDescription::source).isEqualTo("bundled");
        Dataset digits = catalog.dataset("mnist-10k");
        assertThat(digits.trainExamples()).isEqualTo(8000);
        assertThat(digits.testExamples()).isEqualTo(1000);
        assertThat(digits.trainLabels().sum(0).minNumber().doubleValue()).as("every class present")
                .isGreaterThan(600);
    }

    @Test
    void idxFilesNamedWithDotsAsOnSomeMirrorsMakeAFolderToo() throws IOException {
        Path folder = Files.createDirectories(emptyRoot.resolve("dotted"));
        for (String file : List.of("train-images", "train-labels", "t10k-images", "t10k-labels")) {
            String suffix = file.endsWith("images") ? "-idx3-ubyte.gz" : "-idx1-ubyte.gz";
            Files.copy(Path.of(FIXTURES, "mnist-tiny", file + suffix),
                    folder.resolve(file + suffix.replace("-idx", ".idx")));
        }
        DatasetCatalog catalog = catalog(emptyRoot.toString(), List.of(), false);
        assertThat(catalog.list()).extracting(DatasetDescription::name).contains("dotted");
        assertThat(catalog.dataset("dotted").trainExamples()).isEqualTo(300);
    }

    private static DatasetCatalog catalog(String root, List<String> extraRoots, boolean download) {
        return new DatasetCatalog(new DataProperties(root, extraRoots, download,
                URI.create("http://127.0.0.1:9/"), false));
    }

    @Test
    void generatedTasksOfAnyLengthAreKeptOnlyWhileRecentlyUsed() {
        DatasetCatalog catalog = new DatasetCatalog(new DataProperties("src/test/resources/datasets", List.of(), false,
                URI.create("http://127.0.0.1:9/"), false));
        Dataset first = catalog.dataset("adding-2");
        assertThat(catalog.dataset("adding-2")).as("shared while recent").isSameAs(first);
        for (int steps = 3; steps <= 7; steps++) {
            catalog.dataset("adding-" + steps);
        }
        Dataset again = catalog.dataset("adding-2");
        assertThat(again).as("let go once four others were used, then generated again").isNotSameAs(first);
        assertThat(again.trainFeatures()).as("the same examples, from the same seed").isEqualTo(first.trainFeatures());
        assertThat(catalog.dataset("adding-7")).isSameAs(catalog.dataset("adding-7"));
    }
}
