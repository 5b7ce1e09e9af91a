package io.anneal.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.jayway.jsonpath.JsonPath;
import io.anneal.support.IntegrationTest;
import io.anneal.support.JobSpecs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester;

/**
 * Every metric a dashboard panel queries is one the running service exports once a job has run (and
 * while one runs), so no panel stays empty because of a renamed or missing meter.
 */
@IntegrationTest
class DashboardMetricsTests {

    private static final Pattern METRIC = Pattern.compile(
            "\\b((?:anneal|jvm|http|hikaricp|process|system|tomcat|jdbc|executor|logback|application|disk)_[a-z0-9_]+)\\b");
    private static final Path DASHBOARDS = Path.of("helm/anneal/dashboards");

    @Autowired
    MockMvcTester mvc;

    @Test
    void everyMetricInEveryDashboardPanelIsExportedOnceAJobHasRun() throws IOException {
        String finished = submit(JobSpecs.small("dashboard-finished"));
        await().atMost(Duration.ofSeconds(60)).until(() -> "SUCCEEDED".equals(status(finished)));
        String running = submit(JobSpecs.endless("dashboard-running"));
        await().atMost(Duration.ofSeconds(60)).until(() -> "RUNNING".equals(status(running)));
        await().atMost(Duration.ofSeconds(10)).until(() -> scrape().contains("anneal_worker_job{"));
        Set<String> exported = exportedNames(scrape());
        mvc.post().uri("/api/v1/jobs/{id}/cancel", running).exchange();

        Set<String> queried = queriedNames();
        assertThat(queried).as("metric names found in the dashboards").hasSizeGreaterThan(15);
        assertThat(exported).containsAll(queried);
        assertThat(exported).contains("anneal_worker_loss", "anneal_worker_sigma", "anneal_jobs_finished_total");
    }

    private Set<String> queriedNames() throws IOException {
        Set<String> names = new TreeSet<>();
        try (var files = Files.list(DASHBOARDS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                List<String> expressions = JsonPath.read(Files.readString(file), "$..targets[*].expr");
                assertThat(expressions).as("queries in %s", file).isNotEmpty();
                for (String expression : expressions) {
                    Matcher matcher = METRIC.matcher(expression);
                    while (matcher.find()) {
                        names.add(matcher.group(1));
                    }
                }
            }
        }
        return names;
    }

    private static Set<String> exportedNames(String scrape) {
        return scrape.lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
    }

    private String scrape() throws java.io.UnsupportedEncodingException {
        return mvc.get().uri("/actuator/prometheus").exchange().getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private String submit(String spec) throws java.io.UnsupportedEncodingException {
        return JsonPath.read(mvc.post().uri("/api/v1/jobs").contentType(MediaType.APPLICATION_JSON).content(spec)
                .exchange().getResponse().getContentAsString(StandardCharsets.UTF_8), "$.id");
    }

    private String status(String id) throws java.io.UnsupportedEncodingException {
        return JsonPath.read(mvc.get().uri("/api/v1/jobs/{id}", id).exchange().getResponse()
                .getContentAsString(StandardCharsets.UTF_8), "$.status");
    }
}
