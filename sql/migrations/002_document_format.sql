-- How each document was read: its format, the encoding its bytes were decoded with, its author,
-- and a PDF's page count (its body_text has a form feed between pages).
alter table dim_document add column if not exists author varchar;
alter table dim_document add column if not exists source_format varchar default 'text';
alter table dim_document add column if not exists encoding varchar;
alter table dim_document add column if not exists page_count integer;
