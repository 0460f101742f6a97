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
