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
    documents_skipped,
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
    seconds_publish,
    error_message
from etl_run
order by started_at desc;

comment on view v_runs is 'Pipeline runs, newest first: how each ended, what it counted and how long each stage took.';
comment on column v_runs.run_id is 'The run''s id.';
comment on column v_runs.flow_run_id is 'The Prefect flow run, for finding its logs in Prefect.';
comment on column v_runs.started_at is 'When the run started (UTC).';
comment on column v_runs.ended_at is 'When it ended (UTC); null for a run killed before it could say.';
comment on column v_runs.status is 'completed, or failed (error_message says why).';
comment on column v_runs.documents_read is 'Documents read from the run''s input (files whose signature showed them unchanged are not read: documents_skipped).';
comment on column v_runs.documents_new is 'Documents not in the warehouse before.';
comment on column v_runs.documents_changed is 'Documents whose content (or the extractor) changed, so they were read again.';
comment on column v_runs.documents_unchanged is 'Documents skipped because nothing about them changed.';
comment on column v_runs.documents_skipped is 'Of the unchanged documents, those whose files were not even read: size, modification and status-change times as when loaded.';
comment on column v_runs.documents_retired is 'Documents gone from a folder the run read.';
comment on column v_runs.documents_failed is 'Files that could not be read or extracted (see v_ingest_errors).';
comment on column v_runs.statistics_extracted is 'Statistics found in the new and changed documents.';
comment on column v_runs.statistics_valid is 'Statistics that passed their pandera contracts.';
comment on column v_runs.statistics_quarantined is 'Rows set aside by validation (see v_quarantine).';
comment on column v_runs.statistics_loaded is 'Statistics written to the warehouse.';
comment on column v_runs.duration_seconds is 'The run''s wall time in seconds, without Prefect''s start-up.';
comment on column v_runs.seconds_ingest is 'Seconds spent reading files and deciding what changed.';
comment on column v_runs.seconds_extract is 'Seconds spent extracting statistics.';
comment on column v_runs.seconds_validate is 'Seconds spent on the pandera contracts.';
comment on column v_runs.seconds_load is 'Seconds spent writing to the working copy of the warehouse.';
comment on column v_runs.seconds_check is 'Seconds spent on the Great Expectations checkpoint.';
comment on column v_runs.seconds_publish is 'Seconds spent copying the published warehouse to the working copy and checkpointing it for publishing.';
comment on column v_runs.error_message is 'Why the run failed; null when it completed.';
