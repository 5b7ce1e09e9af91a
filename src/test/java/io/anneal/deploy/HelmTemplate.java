package io.anneal.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/** {@code helm template anneal CHART --set ...}; loaded only through {@link IsolatedHelm}. */
public final class HelmTemplate implements Function<Map<String, Object>, String> {

    private final Path chart;

    /** Public: {@link IsolatedHelm} creates it from another class loader, so another runtime package. */
    public HelmTemplate(Path chart) {
        this.chart = chart;
    }

    @Override
    public String apply(Map<String, Object> values) {
        return withOwnLoader(() -> {
            TemplateCommand template = new Helm(chart).template().withName("anneal");
            values.forEach(template::set);
            return template.call();
        });
    }

    /** The library finds its native part through the context class loader. */
    static <T> T withOwnLoader(java.util.function.Supplier<T> action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(HelmTemplate.class.getClassLoader());
        try {
            return action.get();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
