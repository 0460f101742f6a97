-- Documents no longer found in the input of a run over their folder: kept, with their statistics,
-- but left out of v_statistics.
create or replace view v_retired_documents as
select
    document_id,
    path,
    title,
    publisher,
    retired_at,
    retired_run_id,
    (select count(*) from fact_statistic where fact_statistic.document_id = dim_document.document_id) as statistics
from dim_document
where retired_at is not null
order by retired_at desc, path;

comment on view v_retired_documents is 'Documents no longer found by a run over their folder: kept with their statistics, but left out of v_statistics.';
comment on column v_retired_documents.document_id is 'The document''s key (dim_document).';
comment on column v_retired_documents.path is 'The file the document was read from.';
comment on column v_retired_documents.title is 'The document''s title.';
comment on column v_retired_documents.publisher is 'Who published the document.';
comment on column v_retired_documents.retired_at is 'When a run no longer found it (UTC).';
comment on column v_retired_documents.retired_run_id is 'The run that retired it.';
comment on column v_retired_documents.statistics is 'Statistics it had when it was retired (still in fact_statistic).';
