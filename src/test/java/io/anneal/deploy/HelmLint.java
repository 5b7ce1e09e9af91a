package io.anneal.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/** {@code helm lint --strict CHART}; loaded only through {@link IsolatedHelm}. */
public final class HelmLint implements Supplier<List<String>> {

    private final Path chart;

    /** Public: {@link IsolatedHelm} creates it from another class loader, so another runtime package. */
    public HelmLint(Path chart) {
        this.chart = chart;
    }

    /** The warnings and errors; INFO messages are no problems. */
    @Override
    public List<String> get() {
        LintResult result = HelmTemplate.withOwnLoader(() -> new Helm(chart).lint().strict().call());
        List<String> problems = result.getMessages().stream().filter(message -> !message.contains("[INFO]"))
                .toList();
        return result.isFailed() && problems.isEmpty() ? List.of("lint failed: " + result.getMessages()) : problems;
    }
}
