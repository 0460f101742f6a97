-- Rows set aside by validation, newest first, with the check that failed.
create or replace view v_quarantine as
select
    quarantine.run_id,
    quarantine.quarantined_at,
    quarantine.entity,
    quarantine.document_path,
    quarantine.check_name,
    quarantine.column_name,
    quarantine.failing_value,
    quarantine.row_json
from quarantine
order by quarantine.quarantined_at desc, quarantine.document_path;

comment on view v_quarantine is 'Rows set aside by validation, newest first, with the check that failed.';
comment on column v_quarantine.run_id is 'The run that set the row aside.';
comment on column v_quarantine.quarantined_at is 'When it was set aside (UTC).';
comment on column v_quarantine.entity is 'What the row is: statistic, document, source, geography, period or unit.';
comment on column v_quarantine.document_path is 'The file the row came from.';
comment on column v_quarantine.check_name is 'The check that failed.';
comment on column v_quarantine.column_name is 'The column that failed, when the check is about one column.';
comment on column v_quarantine.failing_value is 'The value that failed the check.';
comment on column v_quarantine.row_json is 'The whole row, as JSON.';
