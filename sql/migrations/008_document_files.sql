-- What a run needs to know about each loaded document's file without reading it again (issue 17):
-- its signature when read (size, modification and status-change times: a file whose signature
-- still matches is not read), and the keys of its long lines, from which a run finds a publisher's
-- repeated lines (page furniture) across documents it did not read. Bookkeeping, not for analysis.
create table if not exists document_file (
    document_id varchar primary key,
    file_id varchar not null,          -- the file's id: a feed's records share it
    file_size bigint,                  -- null: the file changed as it was read, so it is read next time
    file_mtime_ns bigint,
    file_ctime_ns bigint,
    furniture_group varchar not null,  -- the publisher, else the file's folder (statwh.pipeline.furniture_group)
    text_key bigint not null           -- copies of one text count once among a group's documents
);
create table if not exists document_line (
    document_id varchar not null,
    line_key bigint not null           -- statwh.furniture.text_key of a long line, stripped
);
alter table etl_run add column if not exists documents_skipped integer;
