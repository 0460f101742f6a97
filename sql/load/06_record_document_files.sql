-- The files of the documents this run loaded or read (statwh.pipeline.file_records): their
-- signatures and line keys replace what the warehouse held of them.
-- Expects the registered frames incoming_files and incoming_lines.
delete from document_line where document_id in (select document_id from incoming_files);
delete from document_file where document_id in (select document_id from incoming_files);

insert into document_file (document_id, file_id, file_size, file_mtime_ns, file_ctime_ns, furniture_group, text_key)
select document_id, file_id, file_size, file_mtime_ns, file_ctime_ns, furniture_group, text_key
from incoming_files;

insert into document_line (document_id, line_key)
select document_id, line_key from incoming_lines;
