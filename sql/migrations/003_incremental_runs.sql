-- Incremental runs: a document that disappears from the input is retired, not deleted. Its row
-- and its statistics stay, flagged with the run that noticed; v_statistics shows current documents
-- only, and v_retired_documents lists the retired ones.
alter table dim_document add column if not exists retired_at timestamp;
alter table dim_document add column if not exists retired_run_id varchar;
alter table etl_run add column if not exists documents_new integer;
alter table etl_run add column if not exists documents_changed integer;
alter table etl_run add column if not exists documents_unchanged integer;
alter table etl_run add column if not exists documents_retired integer;
