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

    /** The next job to run, locked; rows other workers hold are skipped, not waited for. */
    @Query(value = """
            SELECT id FROM training_job WHERE status = 'QUEUED'
            ORDER BY priority DESC, created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED""", nativeQuery = true)
    Optional<UUID> lockNextQueued();

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

    @Query("select j.status, count(j) from TrainingJob j group by j.status")
    List<Object[]> countByStatus();

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
