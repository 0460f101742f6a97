-- One row per document loaded: where it came from, how it was read, and how many statistics it gave.
create or replace view v_documents as
with statistics_per_document as (
    select document_id, count(*) as statistics from fact_statistic group by document_id
)

select
    dim_document.document_id,
    dim_document.path,
    dim_document.title,
    dim_document.publisher,
    dim_document.author,
    dim_document.published_on,
    dim_document.url,
    dim_document.source_format,
    dim_document.encoding,
    dim_document.page_count,
    dim_document.char_count,
    coalesce(statistics_per_document.statistics, 0) as statistics,
    dim_document.retired_at is not null             as retired,
    dim_document.loaded_at
from dim_document
left join statistics_per_document using (document_id)
order by dim_document.path;

comment on view v_documents is 'One row per document loaded: where it came from, how it was read, and how many statistics it gave.';
comment on column v_documents.document_id is 'The document''s key (dim_document).';
comment on column v_documents.path is 'The file the document was read from (a JSON feed record: file#record).';
comment on column v_documents.title is 'The document''s title.';
comment on column v_documents.publisher is 'Who published the document.';
comment on column v_documents.author is 'The author, when the document names one.';
comment on column v_documents.published_on is 'The date the document was published, when known.';
comment on column v_documents.url is 'Where the document was published, when known.';
comment on column v_documents.source_format is 'How the file was read: text, html, pdf, docx, json or jsonl.';
comment on column v_documents.encoding is 'The character encoding the file was decoded from.';
comment on column v_documents.page_count is 'Pages in a PDF; null for other formats.';
comment on column v_documents.char_count is 'Characters of text read from the document.';
comment on column v_documents.statistics is 'Statistics extracted from the document.';
comment on column v_documents.retired is 'True when a later run over its folder no longer found it (its statistics are left out of v_statistics).';
comment on column v_documents.loaded_at is 'When the document was last loaded (UTC).';
