-- Tenants: who owns jobs, experiments and uploaded datasets. A null quota means the configured default.
CREATE TABLE tenant (
    id                  varchar(100) PRIMARY KEY,
    name                varchar(200) NOT NULL,
    created_at          timestamptz  NOT NULL,
    max_running_jobs    integer      CHECK (max_running_jobs >= 0),
    max_queued_jobs     integer      CHECK (max_queued_jobs >= 0),
    max_queued_steps    bigint       CHECK (max_queued_steps >= 0),
    max_upload_bytes    bigint       CHECK (max_upload_bytes >= 0),
    requests_per_second double precision CHECK (requests_per_second > 0)
);
-- Everything stored before tenants existed belongs to the default tenant.
INSERT INTO tenant (id, name, created_at) VALUES ('default', 'Default tenant', now());

-- API keys: the public id (also the key's prefix) and a salted SHA-256 of the secret part; the key
-- itself is never stored. A revoked key keeps its row, so lists show when it was revoked.
CREATE TABLE api_key (
    id           varchar(40)  PRIMARY KEY,
    tenant_id    varchar(100) NOT NULL REFERENCES tenant (id),
    name         varchar(100) NOT NULL,
    role         varchar(10)  NOT NULL CHECK (role IN ('ADMIN', 'MEMBER', 'VIEWER')),
    salt         bytea        NOT NULL,
    hash         bytea        NOT NULL,
    created_at   timestamptz  NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);
CREATE INDEX api_key_listing ON api_key (tenant_id, created_at, id);

ALTER TABLE training_job ADD CONSTRAINT training_job_owner FOREIGN KEY (owner) REFERENCES tenant (id);
ALTER TABLE experiment ADD CONSTRAINT experiment_owner FOREIGN KEY (owner) REFERENCES tenant (id);

-- Updates a job is planned to make, for the queued-steps quota.
ALTER TABLE training_job ADD COLUMN planned_steps bigint NOT NULL DEFAULT 0;

-- The fair claim walks each tenant's queue by this index and counts its running jobs by the next.
CREATE INDEX training_job_tenant_queue ON training_job (owner, priority DESC, created_at, id)
    WHERE status = 'QUEUED';
CREATE INDEX training_job_tenant_running ON training_job (owner) WHERE status IN ('RUNNING', 'CANCELLING');

-- Uploaded datasets are named within their tenant; their stored bytes count against its upload quota.
ALTER TABLE uploaded_dataset ADD COLUMN owner varchar(100) NOT NULL DEFAULT 'default' REFERENCES tenant (id);
ALTER TABLE uploaded_dataset ALTER COLUMN owner DROP DEFAULT;
ALTER TABLE uploaded_dataset ADD COLUMN bytes bigint NOT NULL DEFAULT 0;
UPDATE uploaded_dataset SET bytes = COALESCE((description ->> 'bytes')::bigint, 0);
ALTER TABLE uploaded_dataset DROP CONSTRAINT uploaded_dataset_pkey;
ALTER TABLE uploaded_dataset ADD PRIMARY KEY (owner, name);
