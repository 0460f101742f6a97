-- How long publishing took: copying the published warehouse to the run's working copy and checkpointing it.
alter table etl_run add column if not exists seconds_publish double;
