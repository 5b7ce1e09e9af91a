package io.anneal.experiment;

import io.anneal.curve.CurveService;
import io.anneal.curve.Metric;
import io.anneal.job.JobService;
import io.anneal.job.JobSpec;
import io.anneal.job.JobStatus;
import io.anneal.job.JobView;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Creates experiments (every run validated first, then all jobs submitted in one transaction, so an
 * experiment exists whole or not at all), summarises them and cancels them.
 */
@Service
public class ExperimentService {

    private static final Logger log = LoggerFactory.getLogger(ExperimentService.class);
    private static final String OWNER = "default";
    private final JobService jobs;
    private final CurveService curves;
    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final ExperimentProperties properties;

    ExperimentService(JobService jobs, CurveService curves, JdbcTemplate jdbc, JsonMapper json,
            ExperimentProperties properties) {
        this.jobs = jobs;
        this.curves = curves;
        this.jdbc = jdbc;
        this.json = json;
        this.properties = properties;
    }

    @Transactional
    public ExperimentView create(ExperimentRequest request) {
        String metric = request.metric() == null ? "testAccuracy" : request.metric();
        if (!metric.equals("testAccuracy") && !metric.equals("trainLoss")) {
            throw new InvalidExperimentException("metric", "must be 'testAccuracy' or 'trainLoss'");
        }
        if (request.baseSpec() == null || !request.baseSpec().isObject()) {
            throw new InvalidExperimentException("baseSpec", "is required and must be a job spec object");
        }
        List<Long> seeds = seeds(request);
        List<GridCell> cells = GridExpansion.cells(request.grid() == null ? Map.of() : request.grid());
        if ((long) cells.size() * seeds.size() > properties.maxRuns()) {
            throw new InvalidExperimentException("grid", cells.size() + " cells x " + seeds.size() + " seeds = "
                    + (long) cells.size() * seeds.size() + " runs; at most " + properties.maxRuns());
        }
        UUID id = UUID.randomUUID();
        String name = request.name() == null || request.name().isBlank() ? "experiment" : request.name().strip();
        jdbc.update("INSERT INTO experiment (id, owner, name, metric, request, cells, created_at) "
                + "VALUES (?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?)", id, OWNER, name, metric,
                json.writeValueAsString(request), json.writeValueAsString(cells),
                java.sql.Timestamp.from(Instant.now().truncatedTo(ChronoUnit.MICROS)));
        for (GridCell cell : cells) {
            for (long seed : seeds) {
                JobView job = jobs.submit(spec(request.baseSpec(), cell, seed, name));
                jdbc.update("INSERT INTO experiment_run (experiment_id, cell, seed, job_id) VALUES (?, ?, ?, ?)", id,
                        cell.index(), seed, job.id());
            }
        }
        log.info("Experiment {} '{}': {} cells x {} seeds queued", id, name, cells.size(), seeds.size());
        return find(id);
    }

    @Transactional(readOnly = true)
    public ExperimentView find(UUID id) {
        Map<String, Object> row = row(id);
        String metric = (String) row.get("metric");
        List<GridCell> cells = List.of(json.readValue((String) row.get("cells"), GridCell[].class));
        Map<Integer, List<UUID>> jobsByCell = new TreeMap<>();
        jdbc.query("SELECT cell, job_id FROM experiment_run WHERE experiment_id = ? ORDER BY cell, seed",
                (java.sql.ResultSet r) -> {
                    jobsByCell.computeIfAbsent(r.getInt(1), c -> new ArrayList<>()).add(r.getObject(2, UUID.class));
                }, id);
        List<UUID> all = jobsByCell.values().stream().flatMap(List::stream).toList();
        Map<UUID, JobView> views = jobs.summaries(all).stream().collect(Collectors.toMap(JobView::id,
                Function.identity()));
        Map<UUID, Double> bestSeen = metric.equals("testAccuracy")
                ? curves.maxByJob(all, Metric.TEST_ACCURACY) : Map.of();
        List<ExperimentView.Cell> cellViews = new ArrayList<>();
        for (GridCell cell : cells) {
            List<UUID> ids = jobsByCell.getOrDefault(cell.index(), List.of());
            List<JobView> runs = ids.stream().map(views::get).toList();
            cellViews.add(new ExperimentView.Cell(cell.index(), cell.paths(), cell.params(), runs(runs), ids,
                    summary(runs, metric, bestSeen)));
        }
        ExperimentView.Runs total = runs(all.stream().map(views::get).toList());
        String status = row.get("cancelled_at") != null ? "CANCELLED" : total.pending() > 0 ? "RUNNING" : "DONE";
        return new ExperimentView(id, (String) row.get("name"), metric, status,
                ((java.sql.Timestamp) row.get("created_at")).toInstant(), total, cellViews);
    }

    /** Cancels every job of the experiment that has not finished. */
    @Transactional
    public ExperimentView cancel(UUID id) {
        row(id);
        jdbc.update("UPDATE experiment SET cancelled_at = now() WHERE id = ? AND cancelled_at IS NULL", id);
        jobs.cancelUnfinished(jdbc.queryForList(
                "SELECT job_id FROM experiment_run WHERE experiment_id = ? ORDER BY job_id", UUID.class, id));
        return find(id);
    }

    private JobSpec spec(JsonNode base, GridCell cell, long seed, String experimentName) {
        ObjectNode spec = GridExpansion.apply(base, cell, seed);
        spec.put("name", experimentName + " #" + cell.index() + " seed " + seed);
        JsonNode priority = spec.get("priority");
        spec.put("priority", (priority == null || !priority.isNumber() ? 0 : priority.asInt()) - 1);
        try {
            return json.treeToValue(spec, JobSpec.class);
        } catch (JacksonException e) {
            throw new InvalidExperimentException("cells[" + cell.index() + "]", "the spec " + cell.params()
                    + " does not read as a job spec: " + e.getOriginalMessage());
        }
    }

    private static List<Long> seeds(ExperimentRequest request) {
        if (request.seeds() != null && !request.seeds().isEmpty()) {
            if (request.repeats() != null) {
                throw new InvalidExperimentException("seeds", "give seeds or repeats, not both");
            }
            return request.seeds();
        }
        int repeats = request.repeats() == null ? 1 : request.repeats();
        if (repeats < 1) {
            throw new InvalidExperimentException("repeats", "must be >= 1");
        }
        return LongStream.rangeClosed(1, repeats).boxed().toList();
    }

    private static ExperimentView.Runs runs(List<JobView> runs) {
        int succeeded = 0;
        int pending = 0;
        int cancelled = 0;
        Map<String, Integer> failed = new LinkedHashMap<>();
        for (JobView run : runs) {
            if (run == null) {
                continue;
            }
            switch (run.status()) {
                case SUCCEEDED -> succeeded++;
                case CANCELLED -> cancelled++;
                case FAILED -> failed.merge(run.failure() == null ? "UNKNOWN" : run.failure().reason().name(), 1,
                        Integer::sum);
                default -> pending++;
            }
        }
        return new ExperimentView.Runs(runs.size(), succeeded, pending, cancelled, failed);
    }

    private static ExperimentView.Summary summary(List<JobView> runs, String metric, Map<UUID, Double> bestSeen) {
        boolean accuracy = metric.equals("testAccuracy");
        List<Double> finals = new ArrayList<>();
        List<Double> best = new ArrayList<>();
        for (JobView run : runs) {
            if (run == null) {
                continue;
            }
            Double value = accuracy ? run.metrics().testAccuracy() : run.metrics().trainLoss();
            if (run.status() == JobStatus.SUCCEEDED && value != null) {
                finals.add(value);
            }
            if (accuracy && bestSeen.containsKey(run.id())) {
                best.add(bestSeen.get(run.id()));
            }
        }
        return new ExperimentView.Summary(Statistics.of(finals, accuracy), Statistics.of(best, accuracy));
    }

    private Map<String, Object> row(UUID id) {
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT name, metric, cells::text AS cells, created_at, cancelled_at FROM experiment "
                        + "WHERE id = ? AND owner = ?", id, OWNER);
        if (rows.isEmpty()) {
            throw new ExperimentNotFoundException(id);
        }
        return new HashMap<>(rows.get(0));
    }
}
