-- One row per statistic, with its document, source, place, period and unit written out.
create or replace view v_statistics as
with statistics as (
    select * from fact_statistic
),

documents as (
    select document_id, path, title, publisher, published_on, url, source_format, page_count, body_text
    from dim_document
    where retired_at is null  -- current documents only (see v_retired_documents)
)

select
    statistics.statistic_id,
    documents.path            as document_path,
    documents.title           as document_title,
    documents.publisher,
    documents.published_on,
    documents.url,
    documents.source_format,
    -- A PDF's page: its text has a form feed between pages.
    case when documents.page_count is not null then
        1 + statistics.char_start
          - length(replace(substr(documents.body_text, 1, statistics.char_start), chr(12), ''))
    end                       as page,
    statistics.quote,
    statistics.char_start,
    statistics.char_end,
    statistics.number_text,
    statistics.value,
    statistics.value_high,
    statistics.unit,
    dim_unit.unit_class,
    statistics.per,
    statistics.kind,
    statistics.direction,
    statistics.qualifier,
    statistics.subject,
    dim_geography.name        as geography,
    dim_period.label          as period_label,
    dim_period.period_start,
    dim_period.period_end,
    dim_source.name           as source,
    statistics.confidence,
    statistics.run_id
from statistics
join documents using (document_id)
left join dim_source    using (source_id)
left join dim_geography using (geography_id)
left join dim_period    using (period_id)
left join dim_unit      using (unit)
order by documents.path, statistics.char_start;
