package io.anneal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.database.EmbeddedDatabaseProperties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The CPU and the CUDA image, checked from their Dockerfiles (no Docker engine needed). */
class DockerfileTests {

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
    void theImageIsBuiltInAJdkStageAndRunsFromAnotherOnGlibc(String file) throws IOException {
        List<String> stages = Dockerfile.read(Path.of(file)).arguments("FROM");

        assertThat(stages).hasSize(2);
        assertThat(stages.get(0)).isEqualTo("eclipse-temurin:17-jdk AS build");
        assertThat(Files.readString(Path.of(file)).toLowerCase(Locale.ROOT)).doesNotContain("alpine");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
    void theBuildPackagesTheJarAndExtractsItsLayersInToolsMode(String file) throws IOException {
        String build = String.join("\n", Dockerfile.read(Path.of(file)).arguments("RUN"));

        assertThat(build).contains("./mvnw -B").contains("-DskipTests package")
                .contains("java -Djarmode=tools -jar target/anneal-*.jar extract --layers --launcher"
                        + " --destination extracted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
    void theLayersAreCopiedOnePerInstructionTheLeastChangingFirst(String file) throws IOException {
        List<String> copies = Dockerfile.read(Path.of(file)).finalStage().arguments("COPY");

        assertThat(copies).containsExactly("--from=build /workspace/extracted/dependencies/ ./",
                "--from=build /workspace/extracted/spring-boot-loader/ ./",
                "--from=build /workspace/extracted/snapshot-dependencies/ ./",
                "--from=build /workspace/extracted/application/ ./");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
    void theServiceRunsAsTheNonRootUser10001FromTheExtractedLauncher(String file) throws IOException {
        Dockerfile image = Dockerfile.read(Path.of(file)).finalStage();

        assertThat(image.arguments("USER")).containsExactly("10001:10001");
        assertThat(String.join("\n", image.arguments("RUN"))).contains("useradd --system --uid 10001");
        assertThat(image.arguments("WORKDIR")).containsExactly("/app");
        assertThat(image.arguments("EXPOSE")).containsExactly("8080");
        assertThat(image.arguments("ENTRYPOINT"))
                .containsExactly("[\"java\", \"org.springframework.boot.loader.launch.JarLauncher\"]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
    void theJvmUsesOneOpenMpThreadAndAJavaCppCacheTheUserMayWrite(String file) throws IOException {
        Dockerfile image = Dockerfile.read(Path.of(file)).finalStage();
        String env = String.join("\n", image.arguments("ENV"));

        assertThat(env).contains("OMP_NUM_THREADS=1").contains("-XX:+UseParallelGC -XX:MaxRAMPercentage=75")
                .contains("-Dorg.bytedeco.javacpp.cachedir=/app/.javacpp");
        assertThat(String.join("\n", image.arguments("RUN"))).contains("mkdir -p /app/.javacpp")
                .contains("chown -R anneal:anneal /app");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
    void theContainerNeverStartsTheEmbeddedPostgresAndKeepsItsFilesInVolumes(String file) throws IOException {
        Dockerfile image = Dockerfile.read(Path.of(file)).finalStage();
        String embeddedEnabled = EmbeddedDatabaseProperties.class.getAnnotation(ConfigurationProperties.class)
                .value() + ".enabled";

        assertThat(String.join("\n", image.arguments("ENV")))
                .contains(environmentVariable(embeddedEnabled) + "=false").contains("ANNEAL_DATA_ROOT=/data")
                .contains("ANNEAL_ARTIFACTS_ROOT=/var/lib/anneal/artifacts")
                .contains("ANNEAL_CHECKPOINTS_ROOT=/var/lib/anneal/checkpoints");
        assertThat(image.arguments("VOLUME")).containsExactly("[\"/data\", \"/var/lib/anneal\"]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.cuda"})
    void dockerChecksTheLivenessGroupWithCurlInstalledInTheImage(String file) throws IOException {
        Dockerfile image = Dockerfile.read(Path.of(file)).finalStage();

        assertThat(image.arguments("HEALTHCHECK")).singleElement().asString().contains("--start-period=")
                .contains("CMD curl -fsS").contains("http://localhost:8080/livez");
        assertThat(String.join("\n", image.arguments("RUN"))).containsPattern("apt-get install .*curl");
    }

    @Test
    void theCudaImageRunsOnTheCuda116RuntimeWithAJre17() throws IOException {
        Dockerfile cuda = Dockerfile.read(Path.of("Dockerfile.cuda"));

        assertThat(cuda.finalStage().arguments("FROM"))
                .containsExactly("nvidia/cuda:11.6.2-cudnn8-runtime-ubuntu20.04");
        assertThat(String.join("\n", cuda.finalStage().arguments("RUN"))).contains("openjdk-17-jre-headless");
        assertThat(cuda.arguments("RUN")).allMatch(run -> !run.contains("./mvnw") || run.contains("-Pcuda"));
    }

    @Test
    void theBuildContextLeavesOutBuildOutputLocalStateAndGitHistory() throws IOException {
        assertThat(Files.readAllLines(Path.of(".dockerignore"))).contains(".git", "target/", ".anneal/", "data/");
    }

    /** Spring Boot's environment-variable form of a property name. */
    private static String environmentVariable(String property) {
        return property.replace("-", "").replace('.', '_').toUpperCase(Locale.ROOT);
    }
}
