-- Files that could not be read, newest first.
create or replace view v_ingest_errors as
select run_id, recorded_at, path, error_class, message
from ingest_error
order by recorded_at desc, path;
