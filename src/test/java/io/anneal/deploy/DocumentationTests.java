package io.anneal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation a user follows works from a clone: it names no folder outside the repository and
 * only the jar the build produces.
 */
class DocumentationTests {

    @Test
    void theDocsNameNoFolderOutsideTheRepositoryAndOnlyTheJarTheBuildProduces() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(Path.of("README.md")));
        try (Stream<Path> docs = Files.walk(Path.of("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).forEach(documents::add);
        }
        for (Path document : documents) {
            String text = Files.readString(document);
            assertThat(text).as(document.toString()).doesNotContain("../shared").doesNotContain("/work/")
                    .doesNotContain(" anneal.jar").doesNotContain("this workspace");
        }
    }
}
