package io.anneal.job;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Limit;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

interface TrainingJobRepository extends JpaRepository<TrainingJob, UUID> {

    /**
     * The claim query of {@link #lockNextQueued}. Each tenant offers as many heads of its queue as it has
     * free slots (at most 256): when concurrent claimers hold all of them, the tenant's quota is being
     * filled and it rightly sits this claim out; with fewer heads, claimers would see an empty queue
     * while jobs wait behind the locked ones. The first 256 candidates in claim order are tried (a
     * constant bound, so the planner looks each one up by its key instead of hashing the whole queue).
     */
    String CLAIM = """
            WITH candidate AS MATERIALIZED (
                SELECT head.id, t.id AS tenant, running.n AS running, head.first_created, head.rn
                FROM tenant t
                CROSS JOIN LATERAL (SELECT count(*) AS n FROM training_job r
                    WHERE r.owner = t.id AND r.status IN ('RUNNING', 'CANCELLING')) running
                CROSS JOIN LATERAL (SELECT q.id,
                        row_number() OVER w AS rn, first_value(q.created_at) OVER w AS first_created
                    FROM training_job q WHERE q.owner = t.id AND q.status = 'QUEUED'
                    WINDOW w AS (ORDER BY q.priority DESC, q.created_at, q.id)
                    ORDER BY q.priority DESC, q.created_at, q.id
                    LIMIT LEAST(GREATEST(COALESCE(t.max_running_jobs, :defaultMaxRunning) - running.n, 0), 256)) head
                WHERE NOT t.id = ANY (string_to_array(:excluded, ','))
                ORDER BY running.n, head.first_created, t.id, head.rn LIMIT 256)
            SELECT j.id FROM training_job j JOIN candidate c ON c.id = j.id WHERE j.status = 'QUEUED'
            ORDER BY c.running, c.first_created, c.tenant, c.rn
            LIMIT 1 FOR UPDATE OF j SKIP LOCKED""";

    /**
     * The next job to run, locked; rows other claimers hold are skipped, not waited for. Fair between
     * tenants: the tenant with the fewest running jobs goes first (so one tenant's 500 queued runs do not
     * starve another's one), ties going to the tenant whose next job has waited longest; only tenants
     * below their running-jobs quota take part, each with no more heads of its queue than it has free
     * slots. Within a tenant, highest priority first, then oldest. Each tenant's queue is read by index.
     *
     * @param excluded tenants left out, comma-separated ("" for none): those just refused in this claim
     */
    @Query(value = CLAIM, nativeQuery = true)
    Optional<UUID> lockNextQueued(@Param("defaultMaxRunning") int defaultMaxRunning,
            @Param("excluded") String excluded);

    @Query(value = "SELECT count(*) FROM training_job WHERE owner = :owner AND status IN ('RUNNING', 'CANCELLING')",
            nativeQuery = true)
    long countRunning(@Param("owner") String owner);

    Optional<TrainingJob> findByIdAndOwner(UUID id, String owner);

    /** The job, locked against concurrent claims and worker writes until the transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from TrainingJob j where j.id = :id and j.owner = :owner")
    Optional<TrainingJob> lockByIdAndOwner(@Param("id") UUID id, @Param("owner") String owner);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select j from TrainingJob j where j.id = :id and j.leaseToken = :leaseToken")
    Optional<TrainingJob> lockLeased(@Param("id") UUID id, @Param("leaseToken") long leaseToken);

    /** Heartbeat and progress of a leased job; 0 rows means the lease is gone. */
    @Modifying
    @Query(value = """
            UPDATE training_job SET heartbeat_at = now(), epoch = :epoch, step = :step,
                last_loss = :lastLoss, total_steps = COALESCE(:totalSteps, total_steps)
            WHERE id = :id AND lease_token = :leaseToken AND status IN ('RUNNING', 'CANCELLING')""",
            nativeQuery = true)
    int heartbeat(@Param("id") UUID id, @Param("leaseToken") long leaseToken, @Param("epoch") int epoch,
            @Param("step") long step, @Param("lastLoss") Double lastLoss, @Param("totalSteps") Long totalSteps);

    /** Running jobs whose heartbeat is older than {@code seconds} by the database clock, locked. */
    @Query(value = """
            SELECT id FROM training_job WHERE status IN ('RUNNING', 'CANCELLING')
              AND heartbeat_at < now() - make_interval(secs => :seconds)
            FOR UPDATE SKIP LOCKED""", nativeQuery = true)
    List<UUID> lockStale(@Param("seconds") double seconds);

    /** Running jobs whose current attempt {@code replica} started before {@code before}, locked. */
    @Query(value = """
            SELECT j.id FROM training_job j JOIN job_attempt a ON a.job_id = j.id AND a.attempt = j.attempt
            WHERE j.status IN ('RUNNING', 'CANCELLING') AND a.replica = :replica AND a.started_at < :before
            FOR UPDATE OF j SKIP LOCKED""", nativeQuery = true)
    List<UUID> lockRunningOn(@Param("replica") String replica, @Param("before") Instant before);

    @Modifying
    @Query(value = """
            UPDATE training_job SET checkpoint_token = :token, checkpoint_step = :step, checkpoint_epoch = :epoch,
                checkpoint_saved_at = :savedAt
            WHERE id = :id AND lease_token = :leaseToken""", nativeQuery = true)
    int recordCheckpoint(@Param("id") UUID id, @Param("leaseToken") long leaseToken, @Param("token") String token,
            @Param("step") long step, @Param("epoch") int epoch, @Param("savedAt") Instant savedAt);

    @Query("""
            select count(j) from TrainingJob j where j.id in :ids and j.owner = :owner
              and j.status in (io.anneal.job.JobStatus.QUEUED, io.anneal.job.JobStatus.RUNNING,
                               io.anneal.job.JobStatus.CANCELLING)""")
    long countUnfinished(@Param("ids") java.util.Collection<UUID> ids, @Param("owner") String owner);

    @Query(value = "SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(queued_at)), 0) FROM training_job "
            + "WHERE status = 'QUEUED'", nativeQuery = true)
    double oldestQueuedSeconds();

    @Query("select new io.anneal.job.JobSignals(j.status, j.stopRequested, j.leaseToken) from TrainingJob j "
            + "where j.id = :id")
    Optional<JobSignals> findSignals(@Param("id") UUID id);

    @Query("""
            select j from TrainingJob j where j.owner = :owner and lower(j.name) like :name escape '\\'
              and (j.createdAt < :createdAt or (j.createdAt = :createdAt and j.id < :id))
            order by j.createdAt desc, j.id desc""")
    List<TrainingJob> pageAfter(@Param("owner") String owner, @Param("name") String namePattern,
            @Param("createdAt") Instant createdAt, @Param("id") UUID id, Limit limit);

    @Query("""
            select j from TrainingJob j where j.owner = :owner and j.status = :status
              and lower(j.name) like :name escape '\\'
              and (j.createdAt < :createdAt or (j.createdAt = :createdAt and j.id < :id))
            order by j.createdAt desc, j.id desc""")
    List<TrainingJob> pageAfterWithStatus(@Param("owner") String owner, @Param("status") JobStatus status,
            @Param("name") String namePattern, @Param("createdAt") Instant createdAt, @Param("id") UUID id,
            Limit limit);
}
