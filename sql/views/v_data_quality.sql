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
