-- A job's latest checkpoint becomes an opaque reference issued by the training module (token), stored
-- beside the step and epoch it resumes at and when it was saved; the job never reads the token.
ALTER TABLE training_job ADD COLUMN checkpoint_token text;
ALTER TABLE training_job ADD COLUMN checkpoint_step bigint;
ALTER TABLE training_job ADD COLUMN checkpoint_epoch integer;
ALTER TABLE training_job ADD COLUMN checkpoint_saved_at timestamptz;
UPDATE training_job SET
    checkpoint_token = (checkpoint - 'savedAt')::text,
    checkpoint_step = (checkpoint -> 'position' ->> 'step')::bigint,
    checkpoint_epoch = (checkpoint -> 'position' ->> 'epoch')::integer,
    checkpoint_saved_at = CASE WHEN jsonb_typeof(checkpoint -> 'savedAt') = 'number'
        THEN to_timestamp((checkpoint ->> 'savedAt')::double precision)
        ELSE (checkpoint ->> 'savedAt')::timestamptz END
  WHERE checkpoint IS NOT NULL;
ALTER TABLE training_job DROP COLUMN checkpoint;

-- The model reference is opaque too: a location only the training module resolves.
ALTER TABLE training_job RENAME COLUMN model_path TO model_location;

-- Every attempt of a job: the replica that ran it, from which step, when and how it ended.
CREATE TABLE job_attempt (
    job_id            uuid        NOT NULL REFERENCES training_job (id) ON DELETE CASCADE,
    attempt           integer     NOT NULL,
    replica           varchar(200) NOT NULL,
    started_at        timestamptz NOT NULL,
    resumed_from_step bigint,
    ended_at          timestamptz,
    outcome           varchar(20)
        CHECK (outcome IN ('SUCCEEDED', 'FAILED', 'CANCELLED', 'RELEASED', 'WORKER_LOST')),
    failure_reason    varchar(40),
    failure_message   text,
    failure_step      bigint,
    PRIMARY KEY (job_id, attempt)
);

-- Jobs that ran before attempts were recorded get one summary row per job.
INSERT INTO job_attempt (job_id, attempt, replica, started_at, ended_at, outcome, failure_reason,
        failure_message, failure_step)
SELECT id, attempt, 'unrecorded', started_at,
       COALESCE(finished_at, CASE WHEN status = 'QUEUED' THEN queued_at END),
       CASE status WHEN 'SUCCEEDED' THEN 'SUCCEEDED' WHEN 'FAILED' THEN 'FAILED'
                   WHEN 'CANCELLED' THEN 'CANCELLED' WHEN 'QUEUED' THEN 'RELEASED' END,
       failure_reason, failure_message, failure_step
  FROM training_job WHERE attempt > 0 AND started_at IS NOT NULL;
