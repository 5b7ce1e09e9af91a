package io.anneal.experiment;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * An experiment as stored: the request as submitted, its grid cells, and which job runs each (cell,
 * seed). Jobs are referred to by id only; their state lives with the jobs.
 */
@Entity
@Table(name = "experiment")
class Experiment {

    @Id
    private UUID id;
    private String owner;
    private String name;
    private String metric;
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "jsonb")
    private String request;
    /** Each cell lists its paths in the grid's order, so the order of its parameters' keys does not matter. */
    @JdbcTypeCode(SqlTypes.JSON)
    @Column(columnDefinition = "json")
    private String cells;
    private Instant createdAt;
    private Instant cancelledAt;
    @ElementCollection
    @CollectionTable(name = "experiment_run", joinColumns = @JoinColumn(name = "experiment_id"))
    @OrderBy("cell, seed")
    private List<ExperimentRun> runs = new ArrayList<>();

    protected Experiment() {
    }

    Experiment(UUID id, String owner, String name, String metric, String request, String cells, Instant now) {
        this.id = id;
        this.owner = owner;
        this.name = name;
        this.metric = metric;
        this.request = request;
        this.cells = cells;
        this.createdAt = now;
    }

    void addRun(int cell, long seed, UUID jobId) {
        runs.add(new ExperimentRun(cell, seed, jobId));
    }

    /** Marks the experiment cancelled; the caller cancels its unfinished jobs. */
    void cancel(Instant now) {
        if (cancelledAt == null) {
            cancelledAt = now;
        }
    }

    UUID id() { return id; }
    String owner() { return owner; }
    String name() { return name; }
    String metric() { return metric; }
    String cells() { return cells; }
    Instant createdAt() { return createdAt; }
    boolean isCancelled() { return cancelledAt != null; }
    List<ExperimentRun> runs() { return List.copyOf(runs); }
}
