-- What computed each attempt's updates (Anneal's kernel or DL4J's fit) and on which ND4J backend, so
-- "same spec, same seed, same curve" can be checked against the engine that produced it.
ALTER TABLE job_attempt ADD COLUMN engine varchar(20);
ALTER TABLE job_attempt ADD COLUMN backend varchar(20);
