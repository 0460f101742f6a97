-- Figures stated by more than one document (v_figure_mentions), the most repeated first, and
-- each document's statement of them: who published it and when, how it was qualified and
-- attributed, the number as written and the sentence. $limit figures at most, and the first $each
-- statements of each (by publication date): a figure a thousand documents repeat is one row of dots.
with travelling as (
    select figure_id, value, value_high, unit, per, kind, geography, period_label, documents, publishers
    from v_figure_mentions
    where documents > 1
    order by documents desc, publishers desc, value, figure_id
    limit $limit
),

statements as (
    select
        md5(concat_ws('|', s.value, s.value_high, s.unit, s.per, s.kind, s.geography, s.period_key)) as figure_id,
        s.*
    from v_statistics as s
),

first_statements as (
    select
        *,
        row_number() over (partition by figure_id order by published_on nulls last, document_path, char_start) as nth
    from statements
    where figure_id in (select figure_id from travelling)
)

select
    travelling.figure_id,
    travelling.documents,
    travelling.publishers,
    statements.nth,
    statements.value,
    statements.value_high,
    statements.unit,
    statements.per,
    statements.geography,
    statements.period_label,
    statements.subject,
    statements.number_text,
    statements.qualifier,
    statements.source,
    statements.publisher,
    statements.published_on,
    statements.document_title,
    statements.document_path,
    statements.quote
from travelling
join first_statements as statements using (figure_id)
where statements.nth <= $each
order by travelling.documents desc, travelling.figure_id, statements.published_on nulls last, statements.document_path,
    statements.char_start
