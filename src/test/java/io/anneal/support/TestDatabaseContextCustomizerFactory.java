package io.anneal.support;

import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/** Points every Spring test context at {@link TestDatabase}, slices included. */
public class TestDatabaseContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        return new DatabaseCustomizer();
    }

    /** Stateless, so all contexts share one cache key as far as the database is concerned. */
    private static final class DatabaseCustomizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestDatabase.Connection db = TestDatabase.get();
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("anneal-test-database",
                    Map.of("spring.datasource.url", db.url(), "spring.datasource.username", db.username(),
                            "spring.datasource.password", db.password())));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof DatabaseCustomizer;
        }

        @Override
        public int hashCode() {
            return DatabaseCustomizer.class.hashCode();
        }
    }
}
