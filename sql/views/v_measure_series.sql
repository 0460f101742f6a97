-- One measure's values across periods, for trend charts: a point per measure and resolved period.
-- When documents give different values for one point, value is their median and min_value and
-- max_value show the spread (v_disagreements lists them).
create or replace view v_measure_series as
with dated_statistics as (
    select * from v_statistics
    where measure_id is not null and period_start is not null
),

points as (
    select
        measure_id,
        measure,
        unit,
        per,
        kind,
        geography,
        period_start,
        period_end,
        min(period_label)                                                as period_label,
        median(value)                                                    as value,
        min(value)                                                       as min_value,
        max(value)                                                       as max_value,
        count(distinct value)                                            as values_stated,
        count(*)                                                         as statements,
        count(distinct document_path)                                    as documents,
        string_agg(distinct source, '; ' order by source)                as sources,
        string_agg(distinct publisher, '; ' order by publisher)          as publishers
    from dated_statistics
    group by measure_id, measure, unit, per, kind, geography, period_start, period_end
)

select
    *,
    count(*) over (partition by measure_id) as points_in_series
from points
order by measure, period_start, period_end;

comment on view v_measure_series is 'One measure''s values across periods, for trend charts: a point per measure and resolved period. Filter points_in_series > 1 for measures with a trend.';
comment on column v_measure_series.measure_id is 'The measure''s key (v_statistics.measure_id).';
comment on column v_measure_series.measure is 'What is measured, with its unit, rate, kind and place: "average life expectancy (years, level, World)".';
comment on column v_measure_series.unit is 'The measure''s unit.';
comment on column v_measure_series.per is 'The denominator of a rate; null when the measure is not a rate.';
comment on column v_measure_series.kind is 'level or change.';
comment on column v_measure_series.geography is 'The place the measure is about; null when none is stated.';
comment on column v_measure_series.period_start is 'The first day of the point''s period: the x axis.';
comment on column v_measure_series.period_end is 'The last day of the point''s period.';
comment on column v_measure_series.period_label is 'The period as a document puts it.';
comment on column v_measure_series.value is 'The point''s value: the median of the values stated for this measure and period.';
comment on column v_measure_series.min_value is 'The lowest value stated for this measure and period.';
comment on column v_measure_series.max_value is 'The highest value stated for this measure and period.';
comment on column v_measure_series.values_stated is 'How many different values are stated for this point (more than 1: see v_disagreements).';
comment on column v_measure_series.statements is 'How many statistics make the point.';
comment on column v_measure_series.documents is 'How many documents state a value for the point.';
comment on column v_measure_series.sources is 'Who the values are attributed to, separated by "; ".';
comment on column v_measure_series.publishers is 'Who published the documents, separated by "; ".';
comment on column v_measure_series.points_in_series is 'How many periods the measure has values for.';
