-- Replace the incoming documents and everything loaded from them before.
-- Expects the registered frames incoming_documents and incoming_statistics.
delete from fact_statistic where document_id in (select document_id from incoming_documents);
delete from quarantine where document_id in (select document_id from incoming_documents);
delete from blanked_text where document_id in (select document_id from incoming_documents);
delete from dim_document where document_id in (select document_id from incoming_documents);

insert into dim_document (
    document_id, path, file_name, title, url, publisher, published_on, licence, attribution,
    content_hash, char_count, body_text, extractor_version, loaded_run_id, loaded_at,
    author, source_format, encoding, page_count
)
select
    document_id, path, file_name, title, url, publisher, cast(published_on as date),
    licence, attribution, content_hash, char_count, body_text,
    $extractor_version, $run_id, current_timestamp,
    author, source_format, encoding, page_count
from incoming_documents;
