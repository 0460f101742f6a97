-- Load the incoming statistics as facts keyed to their dimensions.
insert into fact_statistic
select
    statistic_id,
    document_id,
    case when source is not null then md5(lower(source)) end,
    case when geography is not null then md5(lower(geography)) end,
    case when period_label is not null
         then md5(concat_ws('|', period_label, cast(period_start as date), cast(period_end as date))) end,
    unit, value, value_high, per, kind, direction, qualifier, subject, quote,
    char_start, char_end, number_text, sentence_index, confidence,
    $run_id
from incoming_statistics;
