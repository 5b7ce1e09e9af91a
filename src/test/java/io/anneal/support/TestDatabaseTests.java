package io.anneal.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.anneal.support.TestDatabase.Source;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

@SpringBootTest(properties = "anneal.workers=0")
@ActiveProfiles("test")
class TestDatabaseTests {

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void anExplicitUrlWinsThenDockerThenTheLocalServerThenTheEmbeddedOne() {
        assertThat(TestDatabase.choose("jdbc:postgresql://db/anneal", true, true)).isEqualTo(Source.EXPLICIT);
        assertThat(TestDatabase.choose(null, true, true)).isEqualTo(Source.TESTCONTAINERS);
        assertThat(TestDatabase.choose("", false, true)).isEqualTo(Source.LOCAL);
        assertThat(TestDatabase.choose("", false, false)).isEqualTo(Source.EMBEDDED);
    }

    @Test
    void theTestsRunOnRealPostgresqlWithTheFlywaySchema() {
        assertThat(jdbc.queryForObject("SELECT version()", String.class)).startsWith("PostgreSQL");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM flyway_schema_history WHERE success", Integer.class))
                .isPositive();
    }
}
