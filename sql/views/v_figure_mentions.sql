-- The corroboration view: each figure (the same value, unit, rate, kind, place and period) once,
-- with how many documents state it and which. Outlets repeat an agency's figure, so a figure stated
-- by many publishers is one estimate travelling, not many. Filter on documents > 1 for repeated figures.
create or replace view v_figure_mentions as
with current_statistics as (
    -- period_key: a resolved period is its dates, an unresolved one its label; no period is its own group.
    select * from v_statistics
),

figures as (
    select
        md5(concat_ws('|', value, value_high, unit, per, kind, geography, period_key)) as figure_id,
        value,
        value_high,
        unit,
        per,
        kind,
        geography,
        min(period_label)                                                      as period_label,
        min(period_start)                                                      as period_start,
        min(period_end)                                                        as period_end,
        count(distinct document_path)                                          as documents,
        count(distinct publisher)                                              as publishers,
        count(*)                                                               as mentions,
        min(published_on)                                                      as first_published,
        max(published_on)                                                      as last_published,
        string_agg(distinct publisher, '; ' order by publisher)                as publisher_names,
        string_agg(distinct source, '; ' order by source)                      as sources,
        string_agg(distinct qualifier, '; ' order by qualifier)                as qualifiers,
        string_agg(distinct number_text, '; ' order by number_text)            as numbers_as_written,
        string_agg(distinct subject, '; ' order by subject)                    as subjects,
        string_agg(distinct document_path, '; ' order by document_path)        as document_paths,
        arg_min(quote, coalesce(published_on, date '9999-12-31'))              as first_quote
    from current_statistics
    group by value, value_high, unit, per, kind, geography, period_key
)

select * from figures
order by documents desc, mentions desc, unit, value;

comment on view v_figure_mentions is 'Each figure (value, unit, rate, kind, place and period) once, with how many documents state it and which: filter documents > 1 for figures repeated across documents.';
comment on column v_figure_mentions.figure_id is 'md5 of the value, range end, unit, rate, kind, place and period that make the figure.';
comment on column v_figure_mentions.value is 'The figure''s value (the low end of a range).';
comment on column v_figure_mentions.value_high is 'The high end of a range; null for a single figure.';
comment on column v_figure_mentions.unit is 'count, percent, percentage_points, a currency code, or a physical or time unit.';
comment on column v_figure_mentions.per is 'The denominator of a rate; null when the figure is not a rate.';
comment on column v_figure_mentions.kind is 'level or change.';
comment on column v_figure_mentions.geography is 'The place the figure is about; null when none is stated.';
comment on column v_figure_mentions.period_label is 'The period as one of the documents puts it (figures with the same resolved dates are one figure whatever the wording); null when none is stated.';
comment on column v_figure_mentions.period_start is 'The first day of the period, when it can be resolved.';
comment on column v_figure_mentions.period_end is 'The last day of the period, when it can be resolved.';
comment on column v_figure_mentions.documents is 'How many documents state the figure.';
comment on column v_figure_mentions.publishers is 'How many publishers state it.';
comment on column v_figure_mentions.mentions is 'How many times it is stated, counting repeats within a document.';
comment on column v_figure_mentions.first_published is 'The earliest publication date among the documents that state it.';
comment on column v_figure_mentions.last_published is 'The latest publication date among them.';
comment on column v_figure_mentions.publisher_names is 'The publishers that state it, separated by "; ".';
comment on column v_figure_mentions.sources is 'Who the documents attribute it to, separated by "; ": different names mean different attributions.';
comment on column v_figure_mentions.qualifiers is 'How the documents qualify it (exact, approx, at_most for "up to"...), separated by "; ".';
comment on column v_figure_mentions.numbers_as_written is 'How the documents write the number ("80,000", "80k"), separated by "; ".';
comment on column v_figure_mentions.subjects is 'What the documents say it measures, separated by "; ".';
comment on column v_figure_mentions.document_paths is 'The documents that state it, separated by "; ".';
comment on column v_figure_mentions.first_quote is 'The sentence that states it in the earliest published document.';
