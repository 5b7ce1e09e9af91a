package io.anneal.curve;

import io.anneal.web.Problems;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.Arrays;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/jobs/{id}/curves}: one metric, a step range, at most {@code maxPoints} points. */
@RestController
class CurveController {

    private final CurveService curves;

    CurveController(CurveService curves) {
        this.curves = curves;
    }

    @GetMapping("/api/v1/jobs/{id}/curves")
    Curve read(@PathVariable UUID id, @RequestParam(defaultValue = "loss") String metric,
            @RequestParam(defaultValue = "500") @Min(2) @Max(100_000) int maxPoints,
            @RequestParam(required = false) @Min(0) Long fromStep,
            @RequestParam(required = false) @Min(0) Long toStep) {
        Metric chosen = Metric.fromWireName(metric).orElseThrow(() -> unknownMetric(metric));
        return curves.read(id, chosen, maxPoints, fromStep == null ? 0 : fromStep,
                toStep == null ? Long.MAX_VALUE : toStep);
    }

    private static ErrorResponseException unknownMetric(String metric) {
        return Problems.error(HttpStatus.BAD_REQUEST, "unknown-metric", "Unknown metric",
                "metric: unknown metric '"
                + metric + "'; one of " + Arrays.stream(Metric.values()).map(Metric::wireName).toList());
    }
}
