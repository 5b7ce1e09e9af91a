package io.anneal.experiment;

import io.anneal.job.JobStatus;
import io.anneal.job.JobView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * Summarises the runs of an experiment's cells under one stated policy (docs/reproduction.md):
 * <ul>
 * <li>runs are counted by outcome: succeeded, failed by reason (a diverged run is {@code DIVERGED}),
 * cancelled, unfinished (queued or training); a cell with unfinished runs is not {@code complete};</li>
 * <li>the final value is the metric at the end of training, over the runs that succeeded (a diverged
 * network has no final value to report);</li>
 * <li>the best value seen is the best the metric reached during training, over every run that ended
 * on its own, succeeded or failed (a diverged run counts with what it reached before diverging);
 * cancelled and unfinished runs are left out;</li>
 * <li>each figure states its {@code n}; a standard deviation needs two values.</li>
 * </ul>
 * Cells that differ only in pooled grid paths are summarised together.
 */
final class CellSummaries {

    private final boolean accuracy;
    private final Map<UUID, JobView> views;
    private final Map<UUID, Double> bestSeen;

    CellSummaries(String metric, Map<UUID, JobView> views, Map<UUID, Double> bestSeen) {
        this.accuracy = metric.equals("testAccuracy");
        this.views = views;
        this.bestSeen = bestSeen;
    }

    /** One summary per cell, or per group of cells that agree on every path but the pooled ones. */
    List<ExperimentView.Cell> cells(List<GridCell> cells, Map<Integer, List<UUID>> jobsByCell, Set<String> pool) {
        List<String> kept = cells.isEmpty() ? List.of()
                : cells.get(0).paths().stream().filter(path -> !pool.contains(path)).toList();
        Map<Map<String, JsonNode>, List<UUID>> groups = new LinkedHashMap<>();
        for (GridCell cell : cells) {
            Map<String, JsonNode> params = new LinkedHashMap<>();
            kept.forEach(path -> params.put(path, cell.params().get(path)));
            groups.computeIfAbsent(params, key -> new ArrayList<>())
                    .addAll(jobsByCell.getOrDefault(cell.index(), List.of()));
        }
        List<ExperimentView.Cell> summaries = new ArrayList<>();
        for (Map.Entry<Map<String, JsonNode>, List<UUID>> group : groups.entrySet()) {
            ExperimentView.Runs runs = runs(group.getValue());
            summaries.add(new ExperimentView.Cell(summaries.size(), kept, group.getKey(), runs, runs.pending() == 0,
                    group.getValue(), summary(group.getValue())));
        }
        return summaries;
    }

    ExperimentView.Runs runs(List<UUID> jobIds) {
        int succeeded = 0;
        int pending = 0;
        int cancelled = 0;
        Map<String, Integer> failed = new LinkedHashMap<>();
        for (JobView run : known(jobIds)) {
            switch (run.status()) {
                case SUCCEEDED -> succeeded++;
                case CANCELLED -> cancelled++;
                case FAILED -> failed.merge(run.failure() == null ? "UNKNOWN" : run.failure().reason().name(), 1,
                        Integer::sum);
                default -> pending++;
            }
        }
        return new ExperimentView.Runs(jobIds.size(), succeeded, pending, cancelled, failed);
    }

    private ExperimentView.Summary summary(List<UUID> jobIds) {
        List<Double> finals = new ArrayList<>();
        List<Double> best = new ArrayList<>();
        for (JobView run : known(jobIds)) {
            Double value = accuracy ? run.metrics().testAccuracy() : run.metrics().trainLoss();
            if (run.status() == JobStatus.SUCCEEDED && value != null) {
                finals.add(value);
            }
            boolean ended = run.status() == JobStatus.SUCCEEDED || run.status() == JobStatus.FAILED;
            if (ended && bestSeen.containsKey(run.id())) {
                best.add(bestSeen.get(run.id()));
            }
        }
        return new ExperimentView.Summary(Statistics.of(finals, accuracy), Statistics.of(best, accuracy));
    }

    private List<JobView> known(List<UUID> jobIds) {
        return jobIds.stream().map(views::get).filter(Objects::nonNull).toList();
    }
}
