-- Jobs per tenant and status, and a queued job's updates still to make, kept as they change: each change
-- of a job appends its difference to job_count_change (no row is shared between concurrent writers), and
-- JobCounts folds the differences into job_count now and then. A count is job_count plus the differences
-- not yet folded in, so reading one costs the same for any number of jobs.
CREATE TABLE job_count (
    owner  varchar(100) NOT NULL,
    status varchar(20)  NOT NULL,
    jobs   bigint       NOT NULL,
    steps  bigint       NOT NULL,
    PRIMARY KEY (owner, status)
);

CREATE TABLE job_count_change (
    id     bigserial    PRIMARY KEY,
    owner  varchar(100) NOT NULL,
    status varchar(20)  NOT NULL,
    jobs   integer      NOT NULL,
    steps  bigint       NOT NULL
);
CREATE INDEX job_count_change_owner ON job_count_change (owner, status);

-- steps: the updates a QUEUED job has yet to make (a job handed back keeps those it made); 0 otherwise.
CREATE FUNCTION job_count_track() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO job_count_change (owner, status, jobs, steps) VALUES (OLD.owner, OLD.status, -1,
            CASE WHEN OLD.status = 'QUEUED' THEN -GREATEST(OLD.planned_steps - OLD.step, 0) ELSE 0 END);
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') THEN
        INSERT INTO job_count_change (owner, status, jobs, steps) VALUES (NEW.owner, NEW.status, 1,
            CASE WHEN NEW.status = 'QUEUED' THEN GREATEST(NEW.planned_steps - NEW.step, 0) ELSE 0 END);
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER job_count_insert_delete AFTER INSERT OR DELETE ON training_job
    FOR EACH ROW EXECUTE FUNCTION job_count_track();
-- Heartbeats update step and progress of RUNNING jobs every second: they change no count.
CREATE TRIGGER job_count_update AFTER UPDATE ON training_job
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.owner IS DISTINCT FROM NEW.owner
        OR (OLD.status = 'QUEUED' OR NEW.status = 'QUEUED')
            AND (OLD.planned_steps, OLD.step) IS DISTINCT FROM (NEW.planned_steps, NEW.step))
    EXECUTE FUNCTION job_count_track();

-- The triggers lock training_job against writes until this migration commits, so this count is exact.
INSERT INTO job_count (owner, status, jobs, steps)
SELECT owner, status, count(*),
       COALESCE(sum(CASE WHEN status = 'QUEUED' THEN GREATEST(planned_steps - step, 0) ELSE 0 END), 0)
FROM training_job GROUP BY owner, status;

-- The oldest queued job's age is a gauge: an index answers min(queued_at) at once.
CREATE INDEX training_job_queued_at ON training_job (queued_at) WHERE status = 'QUEUED';

-- A tenant's jobs of one status, newest first (GET /jobs?status=...), without walking its other jobs.
CREATE INDEX training_job_listing_status ON training_job (owner, status, created_at DESC, id DESC);
