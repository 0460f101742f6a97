-- Statistics per source and publisher in current documents, with when they were first and last published.
-- (Built on the tables, not on v_statistics: views are created in file-name order.)
create or replace view v_sources as
with current_statistics as (
    select dim_source.name as source, dim_document.publisher, dim_document.document_id, dim_document.published_on
    from fact_statistic
    join dim_document using (document_id)
    left join dim_source using (source_id)
    where dim_document.retired_at is null
)

select
    coalesce(source, '(none named)') as source,
    publisher,
    count(*)                         as statistics,
    count(distinct document_id)      as documents,
    min(published_on)                as first_published,
    max(published_on)                as last_published
from current_statistics
group by 1, 2
order by statistics desc, source, publisher;
