-- A running job asked to stop early and keep its model at that step, and a job that did so.
ALTER TABLE training_job ADD COLUMN stop_requested boolean NOT NULL DEFAULT false;
ALTER TABLE training_job ADD COLUMN stopped_early boolean NOT NULL DEFAULT false;
