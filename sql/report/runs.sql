-- The warehouse's health over its latest $limit runs: what each read, loaded and set aside, and
-- how its quality check went.
with latest as (
    select * from v_runs order by started_at desc limit $limit
),

checks as (
    -- every check's results (v_data_quality shows only the latest check)
    select run_id, count(*) as expectations, count(*) filter (where not success) as failed_expectations
    from dq_result
    where run_id is not null
    group by run_id
)

select
    latest.started_at,
    latest.status,
    latest.documents_new,
    latest.documents_changed,
    latest.documents_failed,
    latest.statistics_loaded,
    latest.statistics_quarantined,
    latest.duration_seconds,
    checks.expectations,
    checks.failed_expectations
from latest
left join checks using (run_id)
order by latest.started_at
