-- Files that could not be read, newest first.
create or replace view v_ingest_errors as
select run_id, recorded_at, path, error_class, message
from ingest_error
order by recorded_at desc, path;

comment on view v_ingest_errors is 'Files that could not be read or extracted, newest first, with the reason in plain English.';
comment on column v_ingest_errors.run_id is 'The run that tried to read the file.';
comment on column v_ingest_errors.recorded_at is 'When it was recorded (UTC).';
comment on column v_ingest_errors.path is 'The file (a JSON feed record: file#record).';
comment on column v_ingest_errors.error_class is 'The kind of failure (ValueError, PermissionError, ExtractionError...).';
comment on column v_ingest_errors.message is 'What went wrong, in plain English.';
