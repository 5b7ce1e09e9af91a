-- Curve summaries: for every level k in 4, 6, ..., 24, one row per bucket of 2^k steps of a job's metric
-- (bucket = step >> k) with its point count and its first, last, lowest and highest point. A read of a
-- long curve takes the candidates of about maxPoints buckets from here instead of every stored point;
-- the writer keeps them in the transaction that writes the points.
CREATE TABLE curve_summary (
    job_id      uuid             NOT NULL REFERENCES training_job (id) ON DELETE CASCADE,
    metric      varchar(20)      NOT NULL,
    level       smallint         NOT NULL,
    bucket      bigint           NOT NULL,
    points      integer          NOT NULL,
    first_step  bigint           NOT NULL,
    first_value double precision NOT NULL,
    last_step   bigint           NOT NULL,
    last_value  double precision NOT NULL,
    min_step    bigint           NOT NULL,
    min_value   double precision NOT NULL,
    max_step    bigint           NOT NULL,
    max_value   double precision NOT NULL,
    PRIMARY KEY (job_id, metric, level, bucket)
);

INSERT INTO curve_summary (job_id, metric, level, bucket, points, first_step, first_value, last_step, last_value,
                           min_step, min_value, max_step, max_value)
SELECT p.job_id, p.metric, l.level, p.step >> l.level, count(*),
       min(p.step), (array_agg(p.value ORDER BY p.step))[1],
       max(p.step), (array_agg(p.value ORDER BY p.step DESC))[1],
       (array_agg(p.step ORDER BY p.value, p.step))[1], min(p.value),
       (array_agg(p.step ORDER BY p.value DESC, p.step))[1], max(p.value)
FROM curve_point p CROSS JOIN generate_series(4, 24, 2) AS l (level)
GROUP BY p.job_id, p.metric, l.level, p.step >> l.level;
