-- How long each stage of a run took, in seconds.
alter table etl_run add column if not exists seconds_ingest double;
alter table etl_run add column if not exists seconds_extract double;
alter table etl_run add column if not exists seconds_validate double;
alter table etl_run add column if not exists seconds_load double;
alter table etl_run add column if not exists seconds_check double;
