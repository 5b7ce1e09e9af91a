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
 * cancelled, stopped early by their user, unfinished (queued or training); a cell with unfinished runs
 * is not {@code complete};</li>
 * <li>the final value is the metric at the end of training, over the runs that succeeded (a diverged
 * network has no final value to report);</li>
 * <li>the best value seen is the best the metric reached during training, over every run that ended
 * on its own, succeeded or failed (a diverged run counts with what it reached before diverging);
 * cancelled, unfinished and stopped-early runs are left out;</li>
 * <li>the validation-selected value (test accuracy only) is the test accuracy of the model each run
 * kept for scoring best on its validation split, over the same runs as the best value seen that kept
 * one (a diverged run counts with the model it kept before diverging): the choice never looks at the
 * test split, so unlike the best value seen it is not biased upwards by the choosing;</li>
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
        if (pool.isEmpty()) {
            return cells.stream().map(cell -> cell(cell.index(), cell.paths(), cell.params(),
                    jobsByCell.getOrDefault(cell.index(), List.of()))).toList();
        }
        List<String> kept = cells.get(0).paths().stream().filter(path -> !pool.contains(path)).toList();
        Map<Map<String, JsonNode>, List<UUID>> groups = new LinkedHashMap<>();
        for (GridCell cell : cells) {
            Map<String, JsonNode> params = new LinkedHashMap<>();
            kept.forEach(path -> params.put(path, cell.params().get(path)));
            groups.computeIfAbsent(params, key -> new ArrayList<>())
                    .addAll(jobsByCell.getOrDefault(cell.index(), List.of()));
        }
        List<ExperimentView.Cell> summaries = new ArrayList<>();
        for (Map.Entry<Map<String, JsonNode>, List<UUID>> group : groups.entrySet()) {
            summaries.add(cell(summaries.size(), kept, group.getKey(), group.getValue()));
        }
        return summaries;
    }

    private ExperimentView.Cell cell(int index, List<String> paths, Map<String, JsonNode> params, List<UUID> jobIds) {
        ExperimentView.Runs runs = runs(jobIds);
        return new ExperimentView.Cell(index, paths, params, runs, runs.pending() == 0, jobIds, summary(jobIds));
    }

    ExperimentView.Runs runs(List<UUID> jobIds) {
        int succeeded = 0;
        int pending = 0;
        int cancelled = 0;
        int stopped = 0;
        Map<String, Integer> failed = new LinkedHashMap<>();
        for (JobView run : known(jobIds)) {
            if (stoppedEarly(run)) {
                stopped++;
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
        return new ExperimentView.Runs(jobIds.size(), succeeded, pending, cancelled, failed, stopped);
    }

    private ExperimentView.Summary summary(List<UUID> jobIds) {
        List<Double> finals = new ArrayList<>();
        List<Double> best = new ArrayList<>();
        List<Double> selected = new ArrayList<>();
        for (JobView run : known(jobIds)) {
            if (stoppedEarly(run)) {
                continue;
            }
            Double value = accuracy ? run.metrics().testAccuracy() : run.metrics().trainLoss();
            if (run.status() == JobStatus.SUCCEEDED && value != null) {
                finals.add(value);
            }
            boolean ended = run.status() == JobStatus.SUCCEEDED || run.status() == JobStatus.FAILED;
            if (ended && bestSeen.containsKey(run.id())) {
                best.add(bestSeen.get(run.id()));
            }
            if (ended && run.bestModel() != null && run.bestModel().testAccuracy() != null) {
                selected.add(run.bestModel().testAccuracy());
            }
        }
        return new ExperimentView.Summary(Statistics.of(finals, accuracy), Statistics.of(best, accuracy),
                accuracy ? Statistics.of(selected, true) : null);
    }

    /** Cut short by its user: its figures describe another training length than the cell's. */
    private static boolean stoppedEarly(JobView run) {
        return Boolean.TRUE.equals(run.stoppedEarly());
    }

    private List<JobView> known(List<UUID> jobIds) {
        return jobIds.stream().map(views::get).filter(Objects::nonNull).toList();
    }
}
