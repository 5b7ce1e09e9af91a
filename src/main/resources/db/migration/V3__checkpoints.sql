-- The latest checkpoint of a job (file, SHA-256 and training position, as JSON), and the step the
-- current attempt resumed from (null when it started from scratch).
ALTER TABLE training_job ADD COLUMN checkpoint jsonb;
ALTER TABLE training_job ADD COLUMN resumed_from_step bigint;
