package io.anneal.experiment;

import io.anneal.curve.CurveService;
import io.anneal.curve.Metric;
import io.anneal.job.JobService;
import io.anneal.job.JobView;
import io.anneal.spec.JobSpec;
import io.anneal.tenant.CurrentTenant;
import io.anneal.web.JsonShapes;
import io.anneal.web.PageCursor;
import io.anneal.web.Problems;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
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
    private final ExperimentRepository experiments;
    private final JobService jobs;
    private final CurveService curves;
    private final JsonMapper json;
    private final ExperimentProperties properties;
    private final Clock clock;
    private final CurrentTenant tenant;

    ExperimentService(ExperimentRepository experiments, JobService jobs, CurveService curves, JsonMapper json,
            ExperimentProperties properties, Clock clock, CurrentTenant tenant) {
        this.tenant = tenant;
        this.experiments = experiments;
        this.jobs = jobs;
        this.curves = curves;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
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
        Experiment experiment = new Experiment(id, tenant.id(), name, metric, json.writeValueAsString(request),
                json.writeValueAsString(cells), now());
        List<JobSpec> specs = new ArrayList<>();
        for (GridCell cell : cells) {
            for (long seed : seeds) {
                specs.add(spec(request.baseSpec(), cell, seed, name));
            }
        }
        List<JobView> submitted = jobs.submitAll(specs);
        int run = 0;
        for (GridCell cell : cells) {
            for (long seed : seeds) {
                experiment.addRun(cell.index(), seed, submitted.get(run++).id());
            }
        }
        experiments.save(experiment);
        log.info("Experiment {} '{}': {} cells x {} seeds queued", id, name, cells.size(), seeds.size());
        return view(experiment);
    }

    @Transactional(readOnly = true)
    public ExperimentView find(UUID id) {
        return view(require(id));
    }

    /**
     * The experiment with the runs of cells that differ only in the {@code pool} paths counted together,
     * as the paper pools the runs of both learning rates into one best and mean.
     *
     * @throws InvalidExperimentException if a pooled path is not one of the experiment's grid paths
     */
    @Transactional(readOnly = true)
    public ExperimentView find(UUID id, Set<String> pool) {
        return view(require(id), pool);
    }

    /** The owner's experiments, newest first, each with its status and run counts but no cells. */
    @Transactional(readOnly = true)
    public ExperimentPage list(int limit, PageCursor after) {
        List<Experiment> found = experiments.pageAfter(tenant.id(), after.createdAt(), after.id(),
                Limit.of(limit + 1));
        List<Experiment> page = found.subList(0, Math.min(limit, found.size()));
        String next = found.size() > limit
                ? new PageCursor(page.get(page.size() - 1).createdAt(), page.get(page.size() - 1).id()).encode()
                : null;
        return new ExperimentPage(page.stream().map(this::summary).toList(), next);
    }

    private ExperimentSummary summary(Experiment experiment) {
        List<UUID> all = experiment.runs().stream().map(ExperimentRun::jobId).toList();
        ExperimentView.Runs total = runsOf(experiment.metric(), all);
        return new ExperimentSummary(experiment.id(), experiment.name(), experiment.metric(),
                status(experiment, total.pending()), experiment.createdAt(), total);
    }

    private ExperimentView view(Experiment experiment) {
        return view(experiment, Set.of());
    }

    private ExperimentView view(Experiment experiment, Set<String> pool) {
        String metric = experiment.metric();
        List<GridCell> cells = List.of(json.readValue(experiment.cells(), GridCell[].class));
        List<String> paths = cells.isEmpty() ? List.of() : cells.get(0).paths();
        for (String path : pool) {
            if (!paths.contains(path)) {
                throw new InvalidExperimentException("pool", "'" + path + "' is not a grid path of this experiment; "
                        + "its grid paths are " + paths);
            }
        }
        Map<Integer, List<UUID>> jobsByCell = new TreeMap<>();
        experiment.runs().forEach(run -> jobsByCell.computeIfAbsent(run.cell(), c -> new ArrayList<>())
                .add(run.jobId()));
        List<UUID> all = jobsByCell.values().stream().flatMap(List::stream).toList();
        Map<UUID, JobView> views = jobs.summaries(all).stream().collect(Collectors.toMap(JobView::id,
                Function.identity()));
        Map<UUID, Double> bestSeen = metric.equals("testAccuracy")
                ? curves.maxByJob(all, Metric.TEST_ACCURACY) : Map.of();
        CellSummaries summaries = new CellSummaries(metric, views, bestSeen);
        List<ExperimentView.Cell> cellViews = summaries.cells(cells, jobsByCell, pool);
        ExperimentView.Runs total = summaries.runs(all);
        return new ExperimentView(experiment.id(), experiment.name(), metric, status(experiment, total.pending()),
                experiment.createdAt(), total, pool.isEmpty() ? null : List.copyOf(pool), cellViews);
    }

    /**
     * Cancels every job of the experiment that has not finished.
     *
     * @throws ExperimentFinishedException if every run has already finished: its result stays as it is
     */
    @Transactional
    public ExperimentView cancel(UUID id) {
        Experiment experiment = require(id);
        List<UUID> all = experiment.runs().stream().map(ExperimentRun::jobId).sorted().toList();
        ExperimentStatus status = status(experiment, jobs.countUnfinished(all));
        if (status != ExperimentStatus.RUNNING) {
            throw new ExperimentFinishedException(id, status);
        }
        experiment.cancel(now());
        jobs.cancelUnfinished(all);
        return view(experiment);
    }

    /** Cancelled once cancelled; otherwise running while any run is pending, done when none is. */
    private static ExperimentStatus status(Experiment experiment, long unfinishedRuns) {
        if (experiment.isCancelled()) {
            return ExperimentStatus.CANCELLED;
        }
        return unfinishedRuns > 0 ? ExperimentStatus.RUNNING : ExperimentStatus.DONE;
    }

    private ExperimentView.Runs runsOf(String metric, List<UUID> jobIds) {
        return new CellSummaries(metric, jobs.summaries(jobIds).stream()
                .collect(Collectors.toMap(JobView::id, Function.identity())), Map.of()).runs(jobIds);
    }

    private Experiment require(UUID id) {
        return experiments.findByIdAndOwner(id, tenant.id()).orElseThrow(() -> new ExperimentNotFoundException(id));
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }

    private JobSpec spec(JsonNode base, GridCell cell, long seed, String experimentName) {
        ObjectNode spec = GridExpansion.apply(base, cell, seed);
        spec.put("name", experimentName + " #" + cell.index() + " seed " + seed);
        JsonNode priority = spec.get("priority");
        spec.put("priority", (priority == null || !priority.isNumber() ? 0 : priority.asInt()) - 1);
        List<Problems.FieldError> errors = JsonShapes.check(spec, JobSpec.class);
        if (!errors.isEmpty()) {
            Problems.FieldError first = errors.get(0);
            throw new InvalidExperimentException("cells[" + cell.index() + "]." + first.field(), first.message()
                    + " (the base spec with " + cell.params() + ")");
        }
        return json.treeToValue(spec, JobSpec.class);
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
}
