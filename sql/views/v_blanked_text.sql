-- What extraction did not read as page furniture, per document: appeals, cookie notices, a site's
-- repeated footer. held_numbers flags the spans that held a digit, the ones worth a look.
create or replace view v_blanked_text as
select
    dim_document.path as document_path,
    dim_document.file_name,
    blanked_text.char_start,
    blanked_text.char_end,
    blanked_text.reason,
    blanked_text.held_numbers,
    blanked_text.blanked_text,
    blanked_text.run_id
from blanked_text
join dim_document using (document_id)
where dim_document.retired_at is null
order by dim_document.path, blanked_text.char_start;

comment on view v_blanked_text is 'What extraction did not read as page furniture (appeals, notices, a site''s repeated lines), per document, and why.';
comment on column v_blanked_text.document_path is 'The document''s file (a JSON feed record: file#record).';
comment on column v_blanked_text.file_name is 'The file''s name.';
comment on column v_blanked_text.char_start is 'Where the span starts in the document''s stored text (dim_document.body_text).';
comment on column v_blanked_text.char_end is 'Where it ends (exclusive).';
comment on column v_blanked_text.reason is 'Why it was not read: furniture phrase (an appeal''s or notice''s words) or repeated line (in 3 or more documents of one publisher).';
comment on column v_blanked_text.held_numbers is 'Whether the span held a digit: a line that stated a statistic is never blanked as a repeated line, but an appeal that quotes a price is.';
comment on column v_blanked_text.blanked_text is 'The span''s text, its first 300 characters.';
comment on column v_blanked_text.run_id is 'The run that read the document.';
