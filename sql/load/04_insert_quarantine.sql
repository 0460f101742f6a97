-- Keep the rows validation set aside, with the check they failed.
insert into quarantine
select quarantine_id, $run_id, document_id, document_path, entity, check_name, column_name,
       failing_value, row_json, current_timestamp
from incoming_quarantine;
