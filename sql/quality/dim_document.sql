select document_id, path, content_hash, char_count, source_format, retired_at from dim_document
