-- Measures with values for more than one period (v_measure_series): the $limit longest series,
-- each point with the documents that state it.
with longest as (
    select measure_id
    from v_measure_series
    where points_in_series > 1
    group by measure_id
    order by max(points_in_series) desc, sum(documents) desc, measure_id
    limit $limit
)

select
    series.measure_id,
    series.measure,
    series.unit,
    series.per,
    series.period_start,
    series.period_end,
    series.period_label,
    series.value,
    series.min_value,
    series.max_value,
    series.documents,
    series.sources,
    series.publishers
from v_measure_series as series
join longest using (measure_id)
order by series.measure, series.period_start
