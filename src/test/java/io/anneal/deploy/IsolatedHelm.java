package io.anneal.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Helm library (helm-java, which embeds Helm itself) in a class loader of its own. The test class
 * path also holds JNA 4 (through Deeplearning4j's OSHI) ahead of the JNA 5 the library needs, so the
 * library sees only its own jars and the JDK; results cross back as JDK types.
 */
final class IsolatedHelm {

    private static ClassLoader loader;

    private IsolatedHelm() {
    }

    /** Renders the chart with the given --set values, as {@code helm template anneal CHART}. */
    @SuppressWarnings("unchecked")
    static Function<Map<String, Object>, String> template(Path chart) {
        return (Function<Map<String, Object>, String>) create(HelmTemplate.class, chart);
    }

    /** Lints the chart strictly, as {@code helm lint --strict CHART}; answers the problems found. */
    @SuppressWarnings("unchecked")
    static Supplier<List<String>> strictLint(Path chart) {
        return (Supplier<List<String>>) create(HelmLint.class, chart);
    }

    private static Object create(Class<?> type, Path chart) {
        try {
            return Class.forName(type.getName(), true, loader()).getDeclaredConstructor(Path.class).newInstance(chart);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot load " + type.getName() + " with the Helm library", e);
        }
    }

    /** One loader per test run, so Helm's native library is unpacked and loaded once. */
    private static synchronized ClassLoader loader() {
        if (loader == null) {
            List<URL> urls = new ArrayList<>();
            urls.add(IsolatedHelm.class.getProtectionDomain().getCodeSource().getLocation());
            urls.add(jarHolding("com/marcnuri/helm/Helm.class"));
            urls.add(jarHolding("com/marcnuri/helm/jni/HelmLib.class"));
            urls.add(jarHolding("META-INF/services/com.marcnuri.helm.jni.NativeLibrary"));
            // A class JNA 5 has and JNA 4 lacks picks the right JNA jar.
            urls.add(jarHolding("com/sun/jna/internal/Cleaner.class"));
            loader = new URLClassLoader("helm", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        }
        return loader;
    }

    private static URL jarHolding(String resource) {
        try {
            for (URL url : Collections.list(IsolatedHelm.class.getClassLoader().getResources(resource))) {
                String location = url.toString();
                if (location.startsWith("jar:") && location.contains("!/")) {
                    return URI.create(location.substring("jar:".length(), location.indexOf("!/"))).toURL();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new IllegalStateException(resource + " is not on the test class path");
    }
}
