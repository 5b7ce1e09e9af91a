-- When a job last entered the queue (submission or release), for the queue-wait timer and the
-- oldest-queued-job gauge.
ALTER TABLE training_job ADD COLUMN queued_at timestamptz;
UPDATE training_job SET queued_at = created_at;
ALTER TABLE training_job ALTER COLUMN queued_at SET NOT NULL;
