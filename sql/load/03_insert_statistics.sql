-- Load the incoming statistics as facts keyed to their dimensions.
insert into fact_statistic
select
    statistic_id,
    document_id,
    source_id,      -- keys made with the dimension rows (statwh.frames.with_dimension_keys)
    geography_id,
    period_id,
    unit, value, value_high, per, kind, direction, qualifier, subject, quote,
    char_start, char_end, number_text, sentence_index, confidence,
    $run_id
from incoming_statistics;
