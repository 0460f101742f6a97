-- One row per statistic, with its document, source, place, period and unit written out, and the
-- measure it is a value of (what is measured, in what unit, of which kind, where) for comparing
-- figures across documents and periods.
create or replace view v_statistics as
with statistics as (
    select
        *,
        -- The subject without case, a leading article, doubled spaces or trailing punctuation,
        -- so "The average life expectancy." and "average life expectancy" are one measure.
        nullif(regexp_replace(regexp_replace(regexp_replace(lower(trim(subject)), '\s+', ' ', 'g'),
                                             '^(the|a|an) ', ''), '[^[:alnum:])%]+$', ''), '') as subject_key
    from fact_statistic
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
    statistics.run_id,
    measures.measure,
    md5(measures.measure)     as measure_id,
    -- The period as one value to group by: its dates when resolved, else its label.
    coalesce(strftime(dim_period.period_start, '%Y-%m-%d') || '/' || strftime(dim_period.period_end, '%Y-%m-%d'),
             lower(dim_period.label)) as period_key
from statistics
join documents using (document_id)
left join dim_source    using (source_id)
left join dim_geography using (geography_id)
left join dim_period    using (period_id)
left join dim_unit      using (unit)
cross join lateral (
    select statistics.subject_key || ' (' || statistics.unit || coalesce(' per ' || statistics.per, '') || ', '
           || statistics.kind || coalesce(', ' || dim_geography.name, '') || ')' as measure
) as measures
order by documents.path, statistics.char_start;

comment on view v_statistics is 'One row per statistic in current documents, with its document, source, place, period and unit written out.';
comment on column v_statistics.statistic_id is 'The statistic''s key (fact_statistic).';
comment on column v_statistics.document_path is 'The file the statistic was read from (a JSON feed record: file#record).';
comment on column v_statistics.document_title is 'The document''s title.';
comment on column v_statistics.publisher is 'Who published the document.';
comment on column v_statistics.published_on is 'The date the document was published, when known.';
comment on column v_statistics.url is 'Where the document was published, when known.';
comment on column v_statistics.source_format is 'How the file was read: text, html, pdf, docx, json or jsonl.';
comment on column v_statistics.page is 'The PDF page the figure is on; null for other formats.';
comment on column v_statistics.quote is 'The sentence the figure stands in, as written.';
comment on column v_statistics.char_start is 'Where the number starts in the document''s text (0-based character offset).';
comment on column v_statistics.char_end is 'Where the number ends in the document''s text (exclusive).';
comment on column v_statistics.number_text is 'The number as written ("80,000", "£2.5bn", "a third").';
comment on column v_statistics.value is 'The number, expanded: "£2.5bn" is 2500000000, "a third" is 33.33 (percent). The low end of a range.';
comment on column v_statistics.value_high is 'The high end of a range; null for a single figure.';
comment on column v_statistics.unit is 'count, percent, percentage_points, a currency code (GBP, USD...), or a physical or time unit.';
comment on column v_statistics.unit_class is 'count, share, change, multiple, currency, physical or time.';
comment on column v_statistics.per is 'The denominator of a rate: day, year, "100000 population"...; null when the figure is not a rate.';
comment on column v_statistics.kind is 'level (a stock or a flow) or change (a difference or growth stated as such).';
comment on column v_statistics.direction is 'For a change or a comparison: up or down.';
comment on column v_statistics.qualifier is 'exact, approx, at_least, more_than, at_most (up to) or less_than.';
comment on column v_statistics.subject is 'What is measured, in a few words.';
comment on column v_statistics.geography is 'The place the figure is about, written out.';
comment on column v_statistics.period_label is 'The period the figure is about, as the document puts it.';
comment on column v_statistics.period_start is 'The first day of the period, when it can be resolved.';
comment on column v_statistics.period_end is 'The last day of the period, when it can be resolved.';
comment on column v_statistics.source is 'The organisation or person the figure is attributed to.';
comment on column v_statistics.confidence is 'How sure the extractor is that this is a statistic, from 0 to 1.';
comment on column v_statistics.run_id is 'The run that loaded it.';
comment on column v_statistics.measure is 'What the figure is a value of: its subject (lower-cased, without a leading article) with its unit, rate, kind and place, e.g. "average life expectancy (years, level, World)". Null without a subject.';
comment on column v_statistics.period_key is 'The period as one value to group by: "2017-04-01/2018-03-31" when its dates are resolved (however it is worded), else its label lower-cased; null without a period.';
comment on column v_statistics.measure_id is 'md5 of measure: the key v_measure_series and v_disagreements group by.';
