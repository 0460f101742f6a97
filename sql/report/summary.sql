-- The report's header: what the warehouse holds.
select
    (select count(*) from v_documents where not retired)       as documents,
    (select count(*) from v_statistics)                         as statistics,
    (select count(distinct publisher) from v_statistics)        as publishers,
    (select count(distinct source) from v_statistics)           as sources,
    (select count(*) from v_runs)                               as runs,
    (select max(started_at) from v_runs)                        as last_run
