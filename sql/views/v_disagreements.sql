-- The same measure and period given different values by different documents: one row per value
-- stated, with the documents that state it and the spread of the values. Rounding shows up here
-- too ("73 years" against "73.2 years"): relative_spread tells a rounding from a real disagreement.
create or replace view v_disagreements as
with stated as (
    select * from v_statistics
    where measure_id is not null
),

contested as (
    select
        measure_id,
        period_key,
        count(distinct value)                                         as values_stated,
        count(distinct document_path)                                 as documents_in_dispute,
        min(value)                                                    as min_value,
        max(value)                                                    as max_value,
        (max(value) - min(value)) / nullif(greatest(abs(max(value)), abs(min(value))), 0) as relative_spread
    from stated
    group by measure_id, period_key
    having count(distinct document_path) > 1 and count(distinct value) > 1
),

values_stated as (
    select
        stated.measure_id,
        stated.period_key,
        any_value(stated.measure)                                      as measure,
        min(stated.period_label)                                       as period_label,
        min(stated.period_start)                                       as period_start,
        min(stated.period_end)                                         as period_end,
        stated.value,
        stated.value_high,
        any_value(stated.unit)                                         as unit,
        count(distinct stated.document_path)                           as documents,
        string_agg(distinct stated.qualifier, '; ' order by stated.qualifier)            as qualifiers,
        string_agg(distinct stated.source, '; ' order by stated.source)                  as sources,
        string_agg(distinct stated.publisher, '; ' order by stated.publisher)            as publishers,
        string_agg(distinct stated.document_path, '; ' order by stated.document_path)    as document_paths,
        arg_min(stated.quote, coalesce(stated.published_on, date '9999-12-31'))          as first_quote
    from stated
    join contested using (measure_id, period_key)
    group by stated.measure_id, stated.period_key, stated.value, stated.value_high
)

select
    values_stated.measure_id,
    values_stated.measure,
    values_stated.period_label,
    values_stated.period_start,
    values_stated.period_end,
    values_stated.value,
    values_stated.value_high,
    values_stated.unit,
    values_stated.documents,
    values_stated.qualifiers,
    values_stated.sources,
    values_stated.publishers,
    values_stated.document_paths,
    values_stated.first_quote,
    contested.values_stated,
    contested.documents_in_dispute,
    contested.min_value,
    contested.max_value,
    contested.relative_spread
from values_stated
join contested using (measure_id, period_key)
order by contested.relative_spread desc, values_stated.measure, values_stated.period_start, values_stated.value;

comment on view v_disagreements is 'The same measure and period given different values by different documents: one row per value stated. Compare qualifiers ("up to", "more than") and relative_spread before calling it a contradiction.';
comment on column v_disagreements.measure_id is 'The measure''s key (v_statistics.measure_id).';
comment on column v_disagreements.measure is 'What is measured, with its unit, rate, kind and place.';
comment on column v_disagreements.period_label is 'The period as a document puts it; null when no period is stated.';
comment on column v_disagreements.period_start is 'The first day of the period, when it can be resolved.';
comment on column v_disagreements.period_end is 'The last day of the period, when it can be resolved.';
comment on column v_disagreements.value is 'One of the values stated (the low end of a range).';
comment on column v_disagreements.value_high is 'The high end of a range; null for a single figure.';
comment on column v_disagreements.unit is 'The unit of the values.';
comment on column v_disagreements.documents is 'How many documents state this value.';
comment on column v_disagreements.qualifiers is 'How they qualify it (exact, approx, at_most...), separated by "; ".';
comment on column v_disagreements.sources is 'Who they attribute it to, separated by "; ".';
comment on column v_disagreements.publishers is 'Who published them, separated by "; ".';
comment on column v_disagreements.document_paths is 'The documents that state this value, separated by "; ".';
comment on column v_disagreements.first_quote is 'The sentence that states this value in the earliest published document.';
comment on column v_disagreements.values_stated is 'How many different values are stated for the measure and period.';
comment on column v_disagreements.documents_in_dispute is 'How many documents state a value for the measure and period.';
comment on column v_disagreements.min_value is 'The lowest value stated for the measure and period.';
comment on column v_disagreements.max_value is 'The highest value stated for the measure and period.';
comment on column v_disagreements.relative_spread is '(max_value - min_value) / the larger magnitude: 0.003 is a rounding, 0.5 a real difference.';
