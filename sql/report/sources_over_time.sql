-- Statistics per source (who the figure is attributed to) per year of publication, for the
-- $limit sources cited most; the rest together as "other sources".
with cited as (
    select coalesce(source, 'no source named') as source, year(published_on) as year
    from v_statistics
    where published_on is not null
),

most_cited as (
    select source from cited group by source order by count(*) desc, source limit $limit
)

select
    case when most_cited.source is null then 'other sources' else cited.source end as source,
    cited.year,
    count(*) as statistics
from cited
left join most_cited using (source)
group by 1, 2
order by 2, 1
