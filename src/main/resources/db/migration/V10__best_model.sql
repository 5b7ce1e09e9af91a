-- The model a job kept for scoring best on its validation split, chosen at the end of an epoch: the
-- file, what chose it, when, and its figures (the test accuracy is measured then, never used to choose).
ALTER TABLE training_job ADD COLUMN best_model_location varchar(1000);
ALTER TABLE training_job ADD COLUMN best_model_sha256 varchar(64);
ALTER TABLE training_job ADD COLUMN best_model_bytes bigint;
ALTER TABLE training_job ADD COLUMN best_selected_by varchar(30);
ALTER TABLE training_job ADD COLUMN best_step bigint;
ALTER TABLE training_job ADD COLUMN best_epoch integer;
ALTER TABLE training_job ADD COLUMN best_validation_accuracy double precision;
ALTER TABLE training_job ADD COLUMN best_validation_loss double precision;
ALTER TABLE training_job ADD COLUMN best_test_accuracy double precision;
