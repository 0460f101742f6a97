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

comment on view v_sources is 'Statistics per source and publisher in current documents, with the first and last publication dates.';
comment on column v_sources.source is 'Who the statistics are attributed to; "(none named)" for statistics with no source.';
comment on column v_sources.publisher is 'Who published the documents that state them.';
comment on column v_sources.statistics is 'Statistics attributed to the source in that publisher''s documents.';
comment on column v_sources.documents is 'Documents they are stated in.';
comment on column v_sources.first_published is 'The earliest publication date of those documents.';
comment on column v_sources.last_published is 'The latest publication date of those documents.';
