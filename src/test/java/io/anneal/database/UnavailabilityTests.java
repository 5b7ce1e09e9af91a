package io.anneal.database;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;

/** Which failures mean the database is away (503, retried) and which are a statement's own (not). */
class UnavailabilityTests {

    @Test
    void brokenOrRefusedConnectionsAndAServerGoingAwayAreUnavailability() {
        assertThat(DatabaseAvailability.isUnavailability(new DataAccessResourceFailureException("lost",
                new PSQLException("An I/O error occurred", PSQLState.CONNECTION_FAILURE)))).isTrue();
        assertThat(DatabaseAvailability.isUnavailability(new CannotCreateTransactionException("no connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available")))).isTrue();
        assertThat(DatabaseAvailability.isUnavailability(new SQLException("terminating connection due to "
                + "administrator command", "57P01"))).isTrue();
        assertThat(DatabaseAvailability.isUnavailability(new SQLException("too many clients already", "53300")))
                .isTrue();
    }

    @Test
    void aStatementsOwnFailureIsNotEvenWhereSpringCallsItAResourceFailure() {
        assertThat(DatabaseAvailability.isUnavailability(new DataAccessResourceFailureException("index row size",
                new SQLException("index row size 3000 exceeds btree maximum", "54000")))).isFalse();
        assertThat(DatabaseAvailability.isUnavailability(new DataIntegrityViolationException("duplicate",
                new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
        assertThat(DatabaseAvailability.isUnavailability(new IllegalStateException("a bug"))).isFalse();
    }
}
