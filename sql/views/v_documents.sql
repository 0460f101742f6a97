-- One row per document loaded: where it came from, how it was read, and how many statistics it gave.
create or replace view v_documents as
with statistics_per_document as (
    select document_id, count(*) as statistics from fact_statistic group by document_id
)

select
    dim_document.document_id,
    dim_document.path,
    dim_document.title,
    dim_document.publisher,
    dim_document.author,
    dim_document.published_on,
    dim_document.url,
    dim_document.source_format,
    dim_document.encoding,
    dim_document.page_count,
    dim_document.char_count,
    coalesce(statistics_per_document.statistics, 0) as statistics,
    dim_document.retired_at is not null             as retired,
    dim_document.loaded_at
from dim_document
left join statistics_per_document using (document_id)
order by dim_document.path;
