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
