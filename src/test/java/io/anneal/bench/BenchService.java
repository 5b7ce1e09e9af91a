package io.anneal.bench;

import io.anneal.AnnealApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service in the benchmark's process: two workers, a free port, an embedded PostgreSQL of its own
 * under target/, {@link #KEY} as its admin key and no request-rate limit to measure against; each
 * {@code --name=value} given replaces the default of that name.
 */
public final class BenchService {

    public static final String KEY = "bench-admin-key-0123456789abcdef";

    private BenchService() {
    }

    public static ConfigurableApplicationContext start(String... settings) throws IOException {
        List<String> arguments = new ArrayList<>(List.of("--server.port=0", "--anneal.workers=2",
                "--anneal.database.embedded.port=0", "--anneal.database.embedded.data-directory="
                        + Files.createTempDirectory(Files.createDirectories(Path.of("target")), "anneal-bench-db"),
                "--anneal.api-keys.admin-key=" + KEY, "--anneal.quotas.requests-per-second=1000000",
                "--logging.level.root=WARN"));
        for (String setting : settings) {
            String key = setting.substring(0, setting.indexOf('=') + 1);
            arguments.removeIf(argument -> argument.startsWith(key));
            arguments.add(setting);
        }
        return new SpringApplicationBuilder(AnnealApplication.class).run(arguments.toArray(String[]::new));
    }
}
