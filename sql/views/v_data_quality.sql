-- The results of the latest quality checkpoint, failures first.
create or replace view v_data_quality as
with latest as (
    select check_id from dq_result order by checked_at desc limit 1
)

select
    checked_at,
    run_id,
    table_name,
    expectation,
    critical,
    success,
    observed_value,
    unexpected_count
from dq_result
where check_id in (select check_id from latest)
order by success, critical desc, table_name, expectation;

comment on view v_data_quality is 'The results of the latest Great Expectations checkpoint, failures first.';
comment on column v_data_quality.checked_at is 'When the checkpoint ran (UTC).';
comment on column v_data_quality.run_id is 'The pipeline run it checked; null for `statwh check`.';
comment on column v_data_quality.table_name is 'The table the expectation is about.';
comment on column v_data_quality.expectation is 'The expectation and its columns: expect_column_values_to_be_unique(statistic_id).';
comment on column v_data_quality.critical is 'Whether a failure fails the run (otherwise it is a warning).';
comment on column v_data_quality.success is 'Whether the expectation was met.';
comment on column v_data_quality.observed_value is 'What Great Expectations observed: a count, a value, or some unexpected rows.';
comment on column v_data_quality.unexpected_count is 'Rows that did not meet the expectation.';
