-- The final model of a succeeded job: its zip in the artifact store, SHA-256 and size.
ALTER TABLE training_job ADD COLUMN model_path text;
ALTER TABLE training_job ADD COLUMN model_sha256 varchar(64);
ALTER TABLE training_job ADD COLUMN model_bytes bigint;
