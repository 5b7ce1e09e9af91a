-- Experiments: a grid of specs x seeds expanded into jobs. experiment_run maps each job to its grid cell;
-- its job rows are written later in the same transaction, hence the deferred foreign key.
CREATE TABLE experiment (
    id           uuid PRIMARY KEY,
    owner        varchar(100) NOT NULL,
    name         varchar(200) NOT NULL,
    metric       varchar(40)  NOT NULL,
    request      jsonb        NOT NULL,
    cells        json         NOT NULL,
    created_at   timestamptz  NOT NULL,
    cancelled_at timestamptz
);
CREATE INDEX experiment_listing ON experiment (owner, created_at DESC);

CREATE TABLE experiment_run (
    experiment_id uuid    NOT NULL REFERENCES experiment (id) ON DELETE CASCADE,
    cell          integer NOT NULL,
    seed          bigint  NOT NULL,
    job_id        uuid    NOT NULL REFERENCES training_job (id) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
    PRIMARY KEY (experiment_id, job_id)
);
CREATE INDEX experiment_run_cell ON experiment_run (experiment_id, cell);
