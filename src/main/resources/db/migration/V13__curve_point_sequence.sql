-- Every written curve point gets the next number of one sequence, also when a replayed step rewrites
-- it: a live stream's cursor ("everything after point N") that holds across replicas and restarts.
CREATE SEQUENCE curve_point_seq;
ALTER TABLE curve_point ADD COLUMN seq bigint;
UPDATE curve_point SET seq = nextval('curve_point_seq');
ALTER TABLE curve_point ALTER COLUMN seq SET DEFAULT nextval('curve_point_seq');
ALTER TABLE curve_point ALTER COLUMN seq SET NOT NULL;
CREATE INDEX curve_point_stream ON curve_point (job_id, seq);
