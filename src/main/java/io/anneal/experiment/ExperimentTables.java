package io.anneal.experiment;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Renders an experiment's cells as a markdown or CSV table, one row per cell (or pooled group of cells),
 * every figure with its n; an empty std means fewer than two values. The test accuracy of the
 * validation-selected models has its columns when any run kept such a model.
 */
final class ExperimentTables {

    private static final List<String> FIGURES = List.of("runs", "succeeded", "failed", "cancelled", "stopped early",
            "unfinished",
            "final n", "final best", "final mean", "final std", "final median", "best-seen n", "best-seen best",
            "best-seen mean", "best-seen std", "best-seen median");
    private static final List<String> SELECTED = List.of("val-selected n", "val-selected best", "val-selected mean",
            "val-selected std", "val-selected median");

    private ExperimentTables() {
    }

    static String markdown(ExperimentView experiment) {
        List<String> header = header(experiment);
        StringBuilder table = new StringBuilder();
        table.append("| ").append(String.join(" | ", header)).append(" |\n");
        table.append("|").append(" --- |".repeat(header.size())).append('\n');
        for (List<String> row : rows(experiment)) {
            table.append("| ").append(String.join(" | ", row).replace("\n", " ")).append(" |\n");
        }
        return table.toString();
    }

    static String csv(ExperimentView experiment) {
        StringBuilder table = new StringBuilder(String.join(",", header(experiment).stream().map(ExperimentTables::quote)
                .toList())).append('\n');
        for (List<String> row : rows(experiment)) {
            table.append(String.join(",", row.stream().map(ExperimentTables::quote).toList())).append('\n');
        }
        return table.toString();
    }

    private static List<String> header(ExperimentView experiment) {
        List<String> header = new ArrayList<>(paths(experiment));
        header.addAll(FIGURES);
        if (withSelected(experiment)) {
            header.addAll(SELECTED);
        }
        return header;
    }

    private static boolean withSelected(ExperimentView experiment) {
        return experiment.cells().stream().map(cell -> cell.summary().validationSelected())
                .anyMatch(selected -> selected != null && selected.n() > 0);
    }

    private static List<String> paths(ExperimentView experiment) {
        return experiment.cells().isEmpty() ? List.of() : experiment.cells().get(0).paths();
    }

    private static List<List<String>> rows(ExperimentView experiment) {
        List<List<String>> rows = new ArrayList<>();
        for (ExperimentView.Cell cell : experiment.cells()) {
            List<String> row = new ArrayList<>();
            for (String path : paths(experiment)) {
                row.add(text(cell.params().get(path)));
            }
            ExperimentView.Runs runs = cell.runs();
            Statistics last = cell.summary().finalValue();
            Statistics seen = cell.summary().bestDuringTraining();
            row.add(Integer.toString(runs.total()));
            row.add(Integer.toString(runs.succeeded()));
            row.add(failures(runs.failed()));
            row.add(Integer.toString(runs.cancelled()));
            row.add(Integer.toString(runs.stoppedEarly()));
            row.add(Integer.toString(runs.pending()));
            row.addAll(figures(last));
            row.addAll(figures(seen));
            if (withSelected(experiment)) {
                row.addAll(figures(cell.summary().validationSelected()));
            }
            rows.add(row);
        }
        return rows;
    }

    /** n, best, mean, std and median of one figure. */
    private static List<String> figures(Statistics statistics) {
        return List.of(Integer.toString(statistics.n()), number(statistics.best()), number(statistics.mean()),
                number(statistics.std()), number(statistics.median()));
    }

    private static String failures(Map<String, Integer> failed) {
        int total = failed.values().stream().mapToInt(Integer::intValue).sum();
        return total == 0 ? "0" : total + " " + failed;
    }

    private static String text(JsonNode value) {
        return value == null || value.isNull() ? "none" : value.isString() ? value.asString() : value.toString();
    }

    private static String number(Double value) {
        return value == null ? "" : String.format(Locale.ROOT, "%.4f", value);
    }

    private static String quote(String cell) {
        return cell.contains(",") || cell.contains("\"") ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
