-- Training jobs: the queue, their status machine and their latest progress.
CREATE TABLE training_job (
    id              uuid PRIMARY KEY,
    owner           varchar(100)     NOT NULL,
    name            varchar(200)     NOT NULL,
    status          varchar(20)      NOT NULL
        CHECK (status IN ('QUEUED', 'RUNNING', 'CANCELLING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    priority        integer          NOT NULL,
    spec            jsonb            NOT NULL,
    created_at      timestamptz      NOT NULL,
    started_at      timestamptz,
    finished_at     timestamptz,
    epoch           integer          NOT NULL DEFAULT 0,
    step            bigint           NOT NULL DEFAULT 0,
    total_steps     bigint,
    last_loss       double precision,
    train_loss      double precision,
    test_accuracy   double precision,
    failure_reason  varchar(40),
    failure_message text,
    failure_step    bigint,
    attempt         integer          NOT NULL DEFAULT 0,
    lease_token     bigint           NOT NULL DEFAULT 0,
    heartbeat_at    timestamptz,
    version         bigint           NOT NULL DEFAULT 0
);

-- The claim query walks this partial index: highest priority first, then oldest.
CREATE INDEX training_job_queue ON training_job (priority DESC, created_at, id) WHERE status = 'QUEUED';
CREATE INDEX training_job_listing ON training_job (owner, created_at DESC, id DESC);
CREATE INDEX training_job_running ON training_job (heartbeat_at) WHERE status IN ('RUNNING', 'CANCELLING');

-- Sampled metrics of a job, one row per (metric, step); rewritten in place when a step is replayed.
CREATE TABLE curve_point (
    job_id      uuid             NOT NULL REFERENCES training_job (id) ON DELETE CASCADE,
    metric      varchar(20)      NOT NULL,
    step        bigint           NOT NULL,
    epoch       integer          NOT NULL,
    value       double precision NOT NULL,
    recorded_at timestamptz      NOT NULL,
    PRIMARY KEY (job_id, metric, step)
);
