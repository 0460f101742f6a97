-- The same measure and period given different values (v_disagreements), the widest spread first:
-- each value with the documents that state it. $limit measure-periods at most, and the $each values
-- most often stated in each.
with disputes as (
    select *, concat_ws('|', measure_id, period_label, period_start) as dispute_id
    from v_disagreements
),

widest as (
    select dispute_id, max(relative_spread) as spread
    from disputes
    group by dispute_id
    order by spread desc nulls last, dispute_id
    limit $limit
),

ranked as (
    select
        disputes.*,
        row_number() over (partition by disputes.dispute_id order by disputes.documents desc, disputes.value) as nth
    from disputes
    join widest using (dispute_id)
)

select
    disputes.dispute_id,
    disputes.measure,
    disputes.period_label,
    disputes.value,
    disputes.value_high,
    disputes.unit,
    disputes.documents,
    disputes.qualifiers,
    disputes.sources,
    disputes.publishers,
    disputes.document_paths,
    disputes.first_quote,
    widest.spread
from ranked as disputes
join widest using (dispute_id)
where disputes.nth <= $each
order by widest.spread desc nulls last, disputes.measure, disputes.value
