package io.anneal.experiment;

import io.anneal.web.PageCursor;
import io.anneal.web.Problems;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Grids of jobs as one experiment, their summary tables, and ready-made presets. */
@RestController
@RequestMapping("/api/v1/experiments")
class ExperimentController {

    private final ExperimentService experiments;
    private final ExperimentPresets presets;

    ExperimentController(ExperimentService experiments, ExperimentPresets presets) {
        this.experiments = experiments;
        this.presets = presets;
    }

    @PostMapping
    ResponseEntity<ExperimentView> create(@RequestBody ExperimentRequest request) {
        ExperimentView experiment = experiments.create(request);
        return ResponseEntity.created(URI.create("/api/v1/experiments/" + experiment.id())).body(experiment);
    }

    /** The experiments, newest first; pass {@code nextCursor} back as {@code cursor} for the next page. */
    @GetMapping
    ExperimentPage list(@RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit,
            @RequestParam(required = false) String cursor) {
        return experiments.list(limit, PageCursor.decode(cursor));
    }

    /** {@code pool}: grid paths whose cells are summarised together, e.g. the learning rate. */
    @GetMapping("/{id}")
    ExperimentView find(@PathVariable UUID id, @RequestParam(required = false) Set<String> pool) {
        return experiments.find(id, pool == null ? Set.of() : pool);
    }

    @GetMapping(value = "/{id}/table", produces = {"text/markdown", "text/csv"})
    ResponseEntity<String> table(@PathVariable UUID id, @RequestParam(defaultValue = "markdown") String format,
            @RequestParam(required = false) Set<String> pool) {
        ExperimentView experiment = experiments.find(id, pool == null ? Set.of() : pool);
        return switch (format) {
            case "markdown" -> ResponseEntity.ok().contentType(MediaType.parseMediaType("text/markdown;charset=UTF-8"))
                    .body(ExperimentTables.markdown(experiment));
            case "csv" -> ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                    .body(ExperimentTables.csv(experiment));
            default -> throw badFormat(format);
        };
    }

    @PostMapping("/{id}/cancel")
    ExperimentView cancel(@PathVariable UUID id) {
        return experiments.cancel(id);
    }

    @GetMapping("/presets")
    Map<String, ExperimentRequest> presets() {
        return presets.all();
    }

    @PostMapping("/presets/{name}")
    ResponseEntity<ExperimentView> runPreset(@PathVariable String name,
            @RequestBody(required = false) PresetRequest overrides) {
        ExperimentRequest request = presets.build(name, overrides).orElseThrow(() -> unknownPreset(name));
        return create(request);
    }

    private static ErrorResponseException badFormat(String format) {
        return Problems.error(HttpStatus.BAD_REQUEST, "unknown-format", "Unknown table format",
                "format: '" + format + "' is not one of [markdown, csv]");
    }

    private static ErrorResponseException unknownPreset(String name) {
        return Problems.error(HttpStatus.NOT_FOUND, "preset-not-found", "Preset not found",
                "No preset named '" + name + "'.");
    }
}
