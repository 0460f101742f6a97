-- Star schema for statistics stated in documents.
-- Keys are deterministic hashes of natural keys, so reloading a document gives the same rows.
-- No enforced foreign keys: DuckDB rejects updates to rows that enforced keys point at,
-- which would break dimension upserts. Integrity is checked by the quality checks instead.

create table if not exists dim_document (
    document_id     varchar primary key,   -- hash of the resolved file path
    path            varchar not null,
    file_name       varchar not null,
    title           varchar,
    url             varchar,
    publisher       varchar,
    published_on    date,
    licence         varchar,
    attribution     varchar,
    content_hash    varchar not null,      -- sha256 of the file's bytes
    char_count      integer not null,
    body_text       varchar not null,      -- the text offsets refer to (after any front matter)
    extractor_version varchar not null,
    loaded_run_id   varchar not null,
    loaded_at       timestamp not null
);

create table if not exists dim_source (
    source_id  varchar primary key,        -- md5 of the lower-cased name
    name       varchar not null
);

create table if not exists dim_geography (
    geography_id varchar primary key,
    name         varchar not null
);

create table if not exists dim_period (
    period_id    varchar primary key,      -- md5 of label, start and end
    label        varchar not null,
    period_start date,
    period_end   date
);

create table if not exists dim_unit (
    unit       varchar primary key,        -- count, percent, percentage_points, times, GBP, tonnes...
    unit_class varchar not null            -- count, share, change, currency, physical, time
);

create table if not exists fact_statistic (
    statistic_id   varchar primary key,    -- md5 of document, offsets, value and unit
    document_id    varchar not null,
    source_id      varchar,
    geography_id   varchar,
    period_id      varchar,
    unit           varchar not null,
    value          double not null,
    value_high     double,
    per            varchar,
    kind           varchar not null,
    direction      varchar,
    qualifier      varchar not null,
    subject        varchar,
    quote          varchar not null,
    char_start     integer not null,
    char_end       integer not null,
    number_text    varchar not null,
    sentence_index integer not null,
    confidence     double not null,
    run_id         varchar not null
);

create table if not exists etl_run (
    run_id                 varchar primary key,
    flow_run_id            varchar,
    started_at             timestamp not null,
    ended_at               timestamp,
    status                 varchar not null,     -- running, completed, failed
    documents_read         integer,
    documents_failed       integer,
    statistics_extracted   integer,
    statistics_valid       integer,
    statistics_quarantined integer,
    statistics_loaded      integer,
    duration_seconds       double,
    error_message          varchar
);

create table if not exists quarantine (
    quarantine_id  varchar primary key,
    run_id         varchar not null,
    document_id    varchar,
    document_path  varchar,
    entity         varchar not null,     -- statistic or document
    check_name     varchar not null,
    column_name    varchar,
    failing_value  varchar,
    row_json       varchar not null,
    quarantined_at timestamp not null
);

create table if not exists ingest_error (
    run_id      varchar not null,
    path        varchar not null,
    error_class varchar not null,
    message     varchar not null,
    recorded_at timestamp not null
);
