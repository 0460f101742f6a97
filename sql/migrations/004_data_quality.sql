-- The result of every expectation of every quality checkpoint (statwh/quality.py).
create table if not exists dq_result (
    check_id        varchar not null,   -- one checkpoint run
    run_id          varchar,            -- the pipeline run it checked, if any
    checked_at      timestamp not null,
    table_name      varchar not null,
    expectation     varchar not null,   -- expect_column_values_to_be_unique(statistic_id) ...
    critical        boolean not null,   -- a critical failure fails the run
    success         boolean not null,
    observed_value  varchar,            -- what GX observed: a count, a value, unexpected rows
    unexpected_count bigint
);
