package io.anneal.job;

import io.anneal.artifact.ModelRef;
import io.anneal.spec.DatasetRef;
import io.anneal.spec.DatasetVersions;
import io.anneal.spec.JobSpec;
import io.anneal.spec.LoopSpec;
import io.anneal.spec.StepPlanner;
import io.anneal.tenant.CurrentTenant;
import io.anneal.tenant.Limits;
import io.anneal.tenant.Quota;
import io.anneal.tenant.QuotaExceededException;
import io.anneal.tenant.Quotas;
import io.anneal.web.PageCursor;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/** Submit, cancel and find jobs of the current tenant ({@link CurrentTenant}), within its quotas. */
@Service
public class JobService {

    /** PostgreSQL channel on which every submission is announced to all replicas. */
    public static final String CHANNEL = "anneal_jobs";
    private static final Logger log = LoggerFactory.getLogger(JobService.class);

    private final TrainingJobRepository jobs;
    private final JobSpecValidator validator;
    private final JobViews views;
    private final List<DatasetVersions> versions;
    private final JdbcTemplate jdbc;
    private final IdempotencyKeys keys;
    private final Clock clock;
    private final EntityManager entityManager;
    private final CurrentTenant tenant;
    private final Quotas quotas;
    private final List<StepPlanner> planners;
    private final JobCounts counts;

    JobService(TrainingJobRepository jobs, JobSpecValidator validator, JobViews views, JdbcTemplate jdbc,
            List<DatasetVersions> versions, IdempotencyKeys keys, Clock clock, EntityManager entityManager,
            CurrentTenant tenant, Quotas quotas, List<StepPlanner> planners, JobCounts counts) {
        this.counts = counts;
        this.entityManager = entityManager;
        this.tenant = tenant;
        this.quotas = quotas;
        this.planners = planners;
        this.keys = keys;
        this.jobs = jobs;
        this.validator = validator;
        this.views = views;
        this.versions = versions;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Validates, stores as QUEUED and wakes the workers (NOTIFY is delivered on commit). */
    @Transactional
    public JobView submit(JobSpec submitted) {
        return submit(submitted, null).job();
    }

    /**
     * As {@link #submit(JobSpec)}, and with an {@code idempotencyKey}: the same key with the same spec
     * returns the job the first request created instead of a new one.
     */
    @Transactional
    public Submission submit(JobSpec submitted, String idempotencyKey) {
        String owner = tenant.id();
        Planned planned = plan(submitted);
        UUID id = UUID.randomUUID();
        if (idempotencyKey != null) {
            Optional<UUID> earlier = keys.claimOrReplay(owner, idempotencyKey, views.specJson(submitted), id);
            if (earlier.isPresent()) {
                return new Submission(views.full(require(earlier.get())), false);
            }
        }
        admit(owner, List.of(planned));
        return new Submission(views.full(insert(id, owner, planned)), true);
    }

    /**
     * Submits all specs or none: each is validated (the first invalid one is refused), then all are
     * checked against the tenant's quotas together and stored in one transaction.
     */
    @Transactional
    public List<JobView> submitAll(List<JobSpec> specs) {
        String owner = tenant.id();
        List<Planned> planned = specs.stream().map(this::plan).toList();
        admit(owner, planned);
        return planned.stream().map(job -> views.full(insert(UUID.randomUUID(), owner, job))).toList();
    }

    private Planned plan(JobSpec submitted) {
        JobSpec checked = submitted.withDefaults();
        validator.check(checked);
        JobSpec spec = pinned(checked);
        long steps = planners.stream().mapToLong(planner -> planner.plannedSteps(spec)).max().orElse(0);
        return new Planned(spec, steps);
    }

    /** Refuses (429) jobs that would take the tenant past its queued-jobs or queued-steps quota. */
    private void admit(String owner, List<Planned> planned) {
        Limits limits = quotas.lock(owner);
        QuotaExceededException.check(owner, Quota.QUEUED_JOBS, limits.maxQueuedJobs(), counts.queued(owner),
                planned.size());
        long steps = planned.stream().mapToLong(Planned::steps).reduce(0, Math::addExact);
        QuotaExceededException.check(owner, Quota.QUEUED_STEPS, limits.maxQueuedSteps(), counts.queuedSteps(owner),
                steps);
    }

    private TrainingJob insert(UUID id, String owner, Planned planned) {
        JobSpec spec = planned.spec();
        TrainingJob job = new TrainingJob(id, owner, spec.name(), spec.priority(), views.specJson(spec),
                planned.steps(), now());
        jobs.save(job);
        jdbc.queryForObject("SELECT pg_notify(?, ?)::text", String.class, CHANNEL, job.id().toString());
        return job;
    }

    /** A valid spec, pinned to its dataset's content, and the updates it plans to make. */
    private record Planned(JobSpec spec, long steps) {
    }

    /** The spec with its dataset's SHA-256 recorded, where the dataset has one and the spec names it. */
    private JobSpec pinned(JobSpec spec) {
        if (spec.dataset() == null || spec.dataset().name() == null || spec.dataset().sha256() != null) {
            return spec;
        }
        return versions.stream().map(known -> known.sha256(spec.dataset().name())).flatMap(Optional::stream)
                .findFirst().map(sha256 -> spec.withDataset(new DatasetRef(spec.dataset().name(), sha256)))
                .orElse(spec);
    }

    @Transactional(readOnly = true)
    public JobView find(UUID id) {
        return views.full(require(id));
    }

    /**
     * The job as {@link #find} shows it with its {@link #etag}, both read from one snapshot, so the tag
     * names exactly the view returned.
     */
    @Transactional(readOnly = true, isolation = Isolation.REPEATABLE_READ)
    public TaggedJob findTagged(UUID id) {
        String etag = etag(id);
        return new TaggedJob(etag, views.full(require(id)));
    }

    /** A job's view and the entity tag of the rows it was made from. */
    public record TaggedJob(String etag, JobView view) {
    }

    /**
     * A weak entity tag of the job as {@link #find} shows it: the row versions (PostgreSQL's xmin) of the
     * job and its attempts, which every write changes, and the version of the view's shape. One statement,
     * in the caller's transaction if there is one, else on its own (no transaction begun for it: this is
     * what every read of a job asks first).
     *
     * @throws JobNotFoundException if there is no such job for the current owner
     */
    public String etag(UUID id) {
        List<String> tag = jdbc.queryForList("""
                SELECT j.xmin::text || COALESCE((SELECT string_agg('.' || a.xmin::text, '' ORDER BY a.attempt)
                    FROM job_attempt a WHERE a.job_id = j.id), '')
                FROM training_job j WHERE j.id = ? AND j.owner = ?""", String.class, id, tenant.id());
        if (tag.isEmpty()) {
            throw new JobNotFoundException(id);
        }
        return "W/\"" + JobViews.SHAPE + "-" + tag.get(0) + "\"";
    }

    /** Throws {@link JobNotFoundException} unless the job exists for the current owner. */
    @Transactional(readOnly = true)
    public void requireExists(UUID id) {
        require(id);
    }

    @Transactional
    public JobView cancel(UUID id) {
        TrainingJob job = jobs.lockByIdAndOwner(id, tenant.id()).orElseThrow(() -> new JobNotFoundException(id));
        return requestCancel(job);
    }

    /**
     * Asks a running job to stop at its next step and keep its model as it is then.
     *
     * @throws IllegalJobTransitionException unless the job is running
     */
    @Transactional
    public JobView stop(UUID id) {
        TrainingJob job = jobs.lockByIdAndOwner(id, tenant.id()).orElseThrow(() -> new JobNotFoundException(id));
        job.requestStop();
        jobs.save(job);
        log.info("Job {} asked to stop early at step {}", id, job.step());
        return views.full(job);
    }

    /**
     * Deletes a finished job with its curves, attempts and idempotency keys; its model and checkpoint
     * files are removed after the commit ({@link JobDeleted}).
     *
     * @throws IllegalJobTransitionException unless the job has finished
     */
    @Transactional
    public void delete(UUID id) {
        TrainingJob job = jobs.lockByIdAndOwner(id, tenant.id()).orElseThrow(() -> new JobNotFoundException(id));
        job.delete();
        jobs.save(job);
        jobs.delete(job);
        log.info("Job {} deleted", id);
    }

    /**
     * Cancels the jobs among {@code ids} that have not finished, each read under its row lock (a worker
     * may claim or finish one at any moment); jobs already finished are left as they are.
     */
    @Transactional
    public void cancelUnfinished(java.util.Collection<UUID> ids) {
        for (UUID id : ids) {
            jobs.lockByIdAndOwner(id, tenant.id()).ifPresent(job -> {
                entityManager.refresh(job); // an earlier read in this transaction may predate a worker's claim
                if (!job.status().isTerminal() && job.status() != JobStatus.CANCELLING) {
                    requestCancel(job);
                }
            });
        }
    }

    /** How many of the given jobs of the current owner have not finished, read without loading them. */
    @Transactional(readOnly = true)
    public long countUnfinished(java.util.Collection<UUID> ids) {
        return ids.isEmpty() ? 0 : jobs.countUnfinished(ids, tenant.id());
    }

    /** The tenant's jobs not yet finished (queued, running, cancelling) that name {@code dataset}, oldest first. */
    @Transactional(readOnly = true)
    public List<UUID> unfinishedJobsUsing(String dataset) {
        return jdbc.queryForList("SELECT id FROM training_job WHERE owner = ? AND status IN ('QUEUED', 'RUNNING', "
                + "'CANCELLING') AND spec -> 'dataset' ->> 'name' = ? ORDER BY created_at", UUID.class, tenant.id(),
                dataset);
    }

    private JobView requestCancel(TrainingJob job) {
        job.requestCancel(now());
        jobs.save(job);
        log.info("Job {} cancel requested: now {}", job.id(), job.status());
        return views.full(job);
    }

    @Transactional(readOnly = true)
    public JobPage list(JobStatus status, String name, int limit, PageCursor after) {
        String pattern = "%" + (name == null ? "" : name.toLowerCase(java.util.Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")) + "%";
        Limit pageAndOne = Limit.of(limit + 1);
        List<TrainingJob> found = status == null
                ? jobs.pageAfter(tenant.id(), pattern, after.createdAt(), after.id(), pageAndOne)
                : jobs.pageAfterWithStatus(tenant.id(), status, pattern, after.createdAt(), after.id(), pageAndOne);
        List<TrainingJob> page = found.subList(0, Math.min(limit, found.size()));
        String next = found.size() > limit
                ? new PageCursor(page.get(page.size() - 1).createdAt(), page.get(page.size() - 1).id()).encode()
                : null;
        return new JobPage(page.stream().map(views::summary).toList(), next);
    }

    /** Summaries of the given jobs of the current owner, in no particular order. */
    @Transactional(readOnly = true)
    public List<JobView> summaries(java.util.Collection<UUID> ids) {
        return jobs.findAllById(ids).stream().filter(job -> job.owner().equals(tenant.id()))
                .map(views::summary).toList();
    }

    /**
     * Summaries of the given jobs whatever their tenant, for live streams whose subscription was already
     * checked against the caller's tenant ({@link #requireExists}): they are read on a thread of no tenant.
     */
    @Transactional(readOnly = true)
    public List<JobView> summariesForStreams(java.util.Collection<UUID> ids) {
        return jobs.findAllById(ids).stream().map(views::summary).toList();
    }

    /** Counts per status for the metrics gauges; every status is present, zero when it has no jobs. */
    @Transactional(readOnly = true)
    public JobStatistics statistics() {
        return new JobStatistics(counts.byStatus(), jobs.oldestQueuedSeconds());
    }

    /**
     * The model of a job.
     *
     * @throws JobNotFoundException if there is no such job
     * @throws ModelNotReadyException if the job has not succeeded (yet)
     */
    @Transactional(readOnly = true)
    public ModelRef model(UUID id) {
        TrainingJob job = require(id);
        if (job.model() == null) {
            throw new ModelNotReadyException(id, job.status());
        }
        return job.model();
    }

    /**
     * The best model a job kept on its validation split, once the job has ended: a succeeded job's,
     * or a failed one's (what it kept before it diverged, say).
     *
     * @throws JobNotFoundException if there is no such job
     * @throws ModelNotReadyException if the job keeps no best model, has not ended or kept none yet
     */
    @Transactional(readOnly = true)
    public ModelRef bestModel(UUID id) {
        TrainingJob job = require(id);
        boolean ended = job.status() == JobStatus.SUCCEEDED || job.status() == JobStatus.FAILED;
        if (ended && job.bestModel() != null) {
            return job.bestModel().model();
        }
        LoopSpec loop = views.spec(job).training();
        if (loop == null || !loop.keepsBest()) {
            throw new ModelNotReadyException(id, job.status(), "Job " + id + " keeps no best model: submit it with "
                    + "training.validationFraction (and keepBest other than 'none') to keep the model that scores "
                    + "best on a validation split.");
        }
        String why = switch (job.status()) {
            case SUCCEEDED, FAILED -> " and kept no best model: no epoch ended before it stopped.";
            case CANCELLED -> "; a cancelled job keeps no model.";
            default -> "; its best model is served once the job has ended.";
        };
        throw new ModelNotReadyException(id, job.status(), "Job " + id + " is " + job.status() + why);
    }

    private TrainingJob require(UUID id) {
        return jobs.findByIdAndOwner(id, tenant.id()).orElseThrow(() -> new JobNotFoundException(id));
    }

    private Instant now() {
        return Instant.now(clock).truncatedTo(ChronoUnit.MICROS);
    }
}
