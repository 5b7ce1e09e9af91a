-- The lease token each attempt held: tokens grow with every claim, so the attempt history shows the
-- fencing order (a replica holding an older token can no longer write).
ALTER TABLE job_attempt ADD COLUMN lease_token bigint;
