package io.anneal.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.deploy.Manifests.Node;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml and the Prometheus and Grafana files it mounts, read as written. Where docker-compose
 * (v1 or the v2 plugin) is installed, it must also accept the file; that one check needs the binary and
 * says so when it is skipped, the others need nothing beyond the repository.
 */
class DockerComposeTests {

    private static final Path COMPOSE_FILE = Path.of("docker-compose.yml");

    private static Node services;

    @BeforeAll
    static void readTheComposeFile() throws IOException {
        services = new Node(new Yaml().load(Files.readString(COMPOSE_FILE))).at("services");
    }

    @Test
    void dockerComposeAcceptsTheFile() throws IOException, InterruptedException {
        List<String> compose = composeCommand();
        Assumptions.assumeTrue(compose != null,
                "neither docker-compose nor the docker compose plugin is installed; the file's content is checked by the other tests");
        List<String> command = new ArrayList<>(compose);
        command.addAll(List.of("-f", COMPOSE_FILE.toString(), "config", "--quiet"));
        run(command);
    }

    @Test
    void theFileHasNoObsoleteVersionKey() {
        Node file = new Node(new Yaml().load(readComposeFile()));
        assertThat(file.map()).as("Compose ignores 'version' and warns about it").doesNotContainKey("version");
    }

    @Test
    void theStackIsAnnealItsPostgresPrometheusAndGrafana() {
        assertThat(services.map()).containsOnlyKeys("anneal", "postgres", "prometheus", "grafana");
        assertThat(services.at("anneal", "build", "dockerfile").string()).isEqualTo("Dockerfile");
        assertThat(Files.isRegularFile(Path.of(services.at("anneal", "build", "context").string(), "Dockerfile")))
                .as("the build context holds the Dockerfile").isTrue();
        assertThat(services.at("anneal", "ports").list()).containsExactly("8080:8080");
        assertThat(services.at("grafana", "ports").list()).containsExactly("3000:3000");
        assertThat(services.at("prometheus", "ports").list()).containsExactly("9090:9090");
    }

    @Test
    void annealStartsOnceItsPostgresAnswersAndNeverUsesTheEmbeddedOne() {
        assertThat(services.at("anneal", "depends_on", "postgres").map())
                .containsEntry("condition", "service_healthy");
        assertThat(services.at("postgres", "healthcheck", "test").list()).asString().contains("pg_isready");
        assertThat(services.at("anneal", "environment").map())
                .containsEntry("SPRING_DATASOURCE_URL", "jdbc:postgresql://postgres:5432/anneal")
                .containsEntry("SPRING_DATASOURCE_USERNAME", "anneal")
                .containsEntry("SPRING_DATASOURCE_PASSWORD", services.at("postgres", "environment",
                        "POSTGRES_PASSWORD").value());
        assertThat(services.at("postgres", "environment").map()).containsEntry("POSTGRES_DB", "anneal")
                .containsEntry("POSTGRES_USER", "anneal");
    }

    @Test
    void annealKeepsDatasetsAndStateInVolumes() {
        assertThat(services.at("anneal", "volumes").list()).contains("anneal-data:/data", "anneal-state:/var/lib/anneal");
        Node volumes = new Node(new Yaml().load(readComposeFile())).at("volumes");
        assertThat(volumes.map()).containsKeys("anneal-data", "anneal-state", "postgres-data");
    }

    @Test
    void prometheusScrapesAnnealEveryFiveSeconds() throws IOException {
        assertThat(mountedFrom("prometheus", "/etc/prometheus/prometheus.yml"))
                .isEqualTo(Path.of("deploy/prometheus/prometheus.yml").toAbsolutePath());
        Node config = new Node(new Yaml().load(Files.readString(Path.of("deploy/prometheus/prometheus.yml"))));
        Node anneal = new Node(config.at("scrape_configs").list().stream()
                .filter(job -> "anneal".equals(((Map<?, ?>) job).get("job_name"))).findFirst().orElseThrow());

        assertThat(anneal.at("metrics_path").string()).isEqualTo("/actuator/prometheus");
        assertThat(anneal.at("scrape_interval").string()).isEqualTo("5s");
        assertThat(anneal.at("static_configs", "0", "targets").list()).containsExactly("anneal:8081");
    }

    @Test
    void grafanaIsOpenToAnonymousViewersAndLoadsTheChartsDashboards() throws IOException {
        assertThat(services.at("grafana", "environment").map()).containsEntry("GF_AUTH_ANONYMOUS_ENABLED", "true")
                .containsEntry("GF_AUTH_ANONYMOUS_ORG_ROLE", "Viewer");
        assertThat(mountedFrom("grafana", "/var/lib/grafana/dashboards"))
                .isEqualTo(Path.of("helm/anneal/dashboards").toAbsolutePath());
        Path provisioning = mountedFrom("grafana", "/etc/grafana/provisioning");

        Node provider = new Node(new Yaml().load(Files.readString(provisioning.resolve("dashboards/anneal.yml"))));
        assertThat(provider.at("providers", "0", "options", "path").string()).isEqualTo("/var/lib/grafana/dashboards");
        Node datasource = new Node(new Yaml().load(Files.readString(provisioning.resolve(
                "datasources/prometheus.yml")))).at("datasources", "0");
        assertThat(datasource.map()).containsEntry("uid", "prometheus").containsEntry("url", "http://prometheus:9090");
    }

    /** The host path bind-mounted at a container path, resolved as docker-compose resolves it. */
    private static Path mountedFrom(String service, String containerPath) {
        List<String> mounts = services.at(service, "volumes").list().stream().map(Object::toString).toList();
        return mounts.stream().map(mount -> mount.split(":")).filter(parts -> parts[1].equals(containerPath))
                .map(parts -> COMPOSE_FILE.toAbsolutePath().getParent().resolve(parts[0]).normalize())
                .findFirst()
                .orElseThrow(() -> new AssertionError(containerPath + " is not mounted in " + mounts));
    }

    private static String readComposeFile() {
        try {
            return Files.readString(COMPOSE_FILE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** docker-compose v1, else the v2 plugin of the docker CLI, else null. */
    private static List<String> composeCommand() throws IOException, InterruptedException {
        Path standalone = onPath("docker-compose");
        if (standalone != null) {
            return List.of(standalone.toString());
        }
        Path docker = onPath("docker");
        if (docker != null) {
            Process probe = new ProcessBuilder(docker.toString(), "compose", "version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return List.of(docker.toString(), "compose");
            }
        }
        return null;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Path errors = Files.createTempFile("docker-compose", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("docker-compose finished").isTrue();
            assertThat(process.exitValue()).as("docker-compose config: %s", Files.readString(errors)).isZero();
            return output;
        } finally {
            Files.deleteIfExists(errors);
        }
    }

    private static Path onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(directory -> !directory.isBlank()).map(directory -> Path.of(directory, program))
                .filter(Files::isExecutable).findFirst().orElse(null);
    }
}
