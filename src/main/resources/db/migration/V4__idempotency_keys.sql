-- Idempotent submission: one row per (owner, key), claimed by a unique primary key so that two
-- concurrent submissions with one key create one job. The job row is inserted later in the same
-- transaction, hence the deferred foreign key.
CREATE TABLE job_submission_key (
    owner           varchar(100) NOT NULL,
    idempotency_key varchar(200) NOT NULL,
    request_sha256  char(64)     NOT NULL,
    job_id          uuid         NOT NULL REFERENCES training_job (id) ON DELETE CASCADE
                                          DEFERRABLE INITIALLY DEFERRED,
    created_at      timestamptz  NOT NULL DEFAULT now(),
    PRIMARY KEY (owner, idempotency_key)
);
