-- Pipeline runs, newest first.
create or replace view v_runs as
select
    run_id,
    flow_run_id,
    started_at,
    ended_at,
    status,
    documents_read,
    documents_new,
    documents_changed,
    documents_unchanged,
    documents_retired,
    documents_failed,
    statistics_extracted,
    statistics_valid,
    statistics_quarantined,
    statistics_loaded,
    duration_seconds,
    seconds_ingest,
    seconds_extract,
    seconds_validate,
    seconds_load,
    seconds_check,
    error_message
from etl_run
order by started_at desc;
