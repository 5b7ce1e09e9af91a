package io.anneal.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.anneal.deploy.Manifests.Node;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml as docker-compose itself reads it ({@code docker-compose config} needs no Docker
 * engine), and the Prometheus and Grafana files it mounts. Skipped where docker-compose is missing,
 * except in CI, which must have it.
 */
class DockerComposeTests {

    private static Node services;

    @BeforeAll
    static void renderTheComposeFile() throws IOException, InterruptedException {
        Path binary = onPath("docker-compose");
        if (binary == null && "true".equals(System.getenv("CI"))) {
            fail("docker-compose is not installed (apt-get install docker-compose)");
        }
        Assumptions.assumeTrue(binary != null,
                "docker-compose not installed: outside CI the compose checks are skipped, in CI they fail");
        services = new Node(new Yaml().load(run(binary.toString(), "-f", "docker-compose.yml", "config")))
                .at("services");
    }

    @Test
    void theStackIsAnnealItsPostgresPrometheusAndGrafana() {
        assertThat(services.map()).containsOnlyKeys("anneal", "postgres", "prometheus", "grafana");
        assertThat(services.at("anneal", "build", "dockerfile").string()).isEqualTo("Dockerfile");
        assertThat(services.at("anneal", "ports", "0").map()).containsEntry("published", 8080);
        assertThat(services.at("grafana", "ports", "0").map()).containsEntry("published", 3000);
        assertThat(services.at("prometheus", "ports", "0").map()).containsEntry("published", 9090);
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
    }

    @Test
    void annealKeepsDatasetsAndStateInVolumes() {
        assertThat(services.at("anneal", "volumes").list()).contains("anneal-data:/data:rw",
                "anneal-state:/var/lib/anneal:rw");
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
        assertThat(anneal.at("static_configs", "0", "targets").list()).containsExactly("anneal:8080");
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

    /** The host path bind-mounted at a container path, as docker-compose resolved it. */
    private static Path mountedFrom(String service, String containerPath) {
        List<String> mounts = services.at(service, "volumes").list().stream().map(Object::toString).toList();
        return mounts.stream().map(mount -> mount.split(":")).filter(parts -> parts[1].equals(containerPath))
                .map(parts -> Path.of(parts[0])).findFirst()
                .orElseThrow(() -> new AssertionError(containerPath + " is not mounted in " + mounts));
    }

    private static String run(String... command) throws IOException, InterruptedException {
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
