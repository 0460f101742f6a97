-- What every table and column of the warehouse holds, shown by BI tools and `duckdb_columns()`.
-- Set again on every migration, so a changed description reaches existing warehouses.

comment on table fact_statistic is 'One row per statistic stated in a document: its value, unit and attributes, and keys to its document, source, place, period and unit.';
comment on column fact_statistic.statistic_id is 'Key: md5 of the document, the figure''s character offsets, value and unit (the same figure reloaded keeps its key).';
comment on column fact_statistic.document_id is 'The document the figure is stated in (dim_document).';
comment on column fact_statistic.source_id is 'The organisation or person the figure is attributed to (dim_source); null when none is named.';
comment on column fact_statistic.geography_id is 'The place the figure is about (dim_geography); null when none is stated.';
comment on column fact_statistic.period_id is 'The period the figure is about (dim_period); null when none is stated.';
comment on column fact_statistic.unit is 'count, percent, percentage_points, an ISO 4217 currency code (GBP, USD, EUR...), or a lowercase physical or time unit (tonnes, km, years).';
comment on column fact_statistic.value is 'The number, expanded: "80,000" is 80000, "£2.5bn" is 2500000000, "a third" is 33.33 (percent). The low end of a range.';
comment on column fact_statistic.value_high is 'The high end of a range ("between 50 and 60" gives value 50, value_high 60); null for a single figure.';
comment on column fact_statistic.per is 'The denominator of a rate: day, week, month, year, hour, or "N population" / "N people"; null when the figure is not a rate.';
comment on column fact_statistic.kind is 'level (a stock or a flow) or change (a difference or growth stated as such: "rose by 5,000").';
comment on column fact_statistic.direction is 'For a change or a comparison: up or down; otherwise null.';
comment on column fact_statistic.qualifier is 'exact, approx (about, around, nearly), at_least, more_than (more than, over), at_most (up to), less_than (fewer than, under).';
comment on column fact_statistic.subject is 'What is measured, in a few words, as the sentence puts it.';
comment on column fact_statistic.quote is 'The sentence the figure stands in, as written.';
comment on column fact_statistic.char_start is 'Where the figure''s number starts in dim_document.body_text (0-based character offset).';
comment on column fact_statistic.char_end is 'Where the figure''s number ends in dim_document.body_text (exclusive).';
comment on column fact_statistic.number_text is 'The number as written in the document ("80,000", "£2.5bn", "a third").';
comment on column fact_statistic.sentence_index is 'The sentence''s position in the document, from 0.';
comment on column fact_statistic.confidence is 'How sure the extractor is that this is a statistic, from 0 to 1.';
comment on column fact_statistic.run_id is 'The pipeline run that loaded the figure (etl_run).';

comment on table dim_document is 'One row per document read: where it came from, its metadata, and the text figures are located in.';
comment on column dim_document.document_id is 'Key: hash of the document''s resolved file path (a feed record adds its record number).';
comment on column dim_document.path is 'The file the document was read from (a JSON feed record: file#record).';
comment on column dim_document.file_name is 'The file''s name, without its folder.';
comment on column dim_document.title is 'The title, from front matter, HTML metadata or document properties.';
comment on column dim_document.url is 'Where the document was published, when known.';
comment on column dim_document.publisher is 'Who published the document (an outlet, a department, an agency).';
comment on column dim_document.published_on is 'The date the document was published, when known.';
comment on column dim_document.licence is 'The licence the document was reused under, from front matter.';
comment on column dim_document.attribution is 'The attribution its licence asks for, from front matter.';
comment on column dim_document.content_hash is 'SHA-256 of the file''s bytes: an unchanged hash means an unchanged document.';
comment on column dim_document.char_count is 'Characters in body_text.';
comment on column dim_document.body_text is 'The document''s text (after any front matter), which char_start and char_end refer to; PDF pages are separated by form feeds.';
comment on column dim_document.extractor_version is 'The extractor version that read the statistics; a new version re-reads every document.';
comment on column dim_document.loaded_run_id is 'The run that last loaded the document (etl_run).';
comment on column dim_document.loaded_at is 'When the document was last loaded (UTC).';
comment on column dim_document.author is 'The author, when the document names one.';
comment on column dim_document.source_format is 'How the file was read: text (plain text and Markdown), html, pdf, docx, json or jsonl (one document per record).';
comment on column dim_document.encoding is 'The character encoding the file''s bytes were decoded from.';
comment on column dim_document.page_count is 'Pages in a PDF; null for other formats.';
comment on column dim_document.retired_at is 'When a run over the document''s folder no longer found it (UTC); null while it is current. Retired documents keep their statistics but are left out of v_statistics.';
comment on column dim_document.retired_run_id is 'The run that retired the document.';

comment on table dim_source is 'The organisations and people statistics are attributed to.';
comment on column dim_source.source_id is 'Key: md5 of the name, lower-cased.';
comment on column dim_source.name is 'The source, written out ("National Crime Agency").';

comment on table dim_geography is 'The places statistics are about.';
comment on column dim_geography.geography_id is 'Key: md5 of the name, lower-cased.';
comment on column dim_geography.name is 'The place, written out ("United Kingdom", "England and Wales").';

comment on table dim_period is 'The periods statistics are about.';
comment on column dim_period.period_id is 'Key: md5 of the label and the start and end dates.';
comment on column dim_period.label is 'The period as the document puts it ("2017-18", "year ending March 2019", "last five years").';
comment on column dim_period.period_start is 'The first day of the period, when it can be resolved (UK fiscal 2017-18 starts 2017-04-01).';
comment on column dim_period.period_end is 'The last day of the period, when it can be resolved.';

comment on table dim_unit is 'The units figures are stated in, and the class each belongs to.';
comment on column dim_unit.unit is 'Key: count, percent, percentage_points, a currency code, or a physical or time unit.';
comment on column dim_unit.unit_class is 'count, share (percent), change (percentage points), multiple (times), currency, physical or time; other for a unit the lexicon does not class.';

comment on table etl_run is 'One row per pipeline run: when, how it ended, what it counted and how long each stage took.';
comment on column etl_run.run_id is 'Key: the run''s id.';
comment on column etl_run.flow_run_id is 'The Prefect flow run, for finding its logs in Prefect.';
comment on column etl_run.started_at is 'When the run started (UTC).';
comment on column etl_run.ended_at is 'When the run ended (UTC); null for a run killed before it could say.';
comment on column etl_run.status is 'completed, or failed (error_message says why).';
comment on column etl_run.documents_read is 'Documents read from the run''s input (files whose signature showed them unchanged are not read: documents_skipped).';
comment on column etl_run.documents_failed is 'Files that could not be read or extracted (see ingest_error).';
comment on column etl_run.statistics_extracted is 'Statistics the extractor found in the new and changed documents.';
comment on column etl_run.statistics_valid is 'Statistics that passed their pandera contracts.';
comment on column etl_run.statistics_quarantined is 'Rows set aside by validation (see quarantine).';
comment on column etl_run.statistics_loaded is 'Statistics written to fact_statistic.';
comment on column etl_run.duration_seconds is 'The run''s wall time in seconds, without Prefect''s start-up.';
comment on column etl_run.error_message is 'Why the run failed; null when it completed.';
comment on column etl_run.documents_new is 'Documents not in the warehouse before.';
comment on column etl_run.documents_changed is 'Documents whose content (or the extractor) changed, so they were read again.';
comment on column etl_run.documents_unchanged is 'Documents skipped because nothing about them changed.';
comment on column etl_run.documents_skipped is 'Of the unchanged documents, those whose files were not even read: size, modification and status-change times as when loaded.';
comment on column etl_run.documents_retired is 'Documents gone from a folder the run read, flagged in dim_document.retired_at.';
comment on column etl_run.seconds_ingest is 'Seconds spent reading files and deciding what changed.';
comment on column etl_run.seconds_extract is 'Seconds spent extracting statistics.';
comment on column etl_run.seconds_validate is 'Seconds spent on the pandera contracts.';
comment on column etl_run.seconds_load is 'Seconds spent writing to the working copy of the warehouse.';
comment on column etl_run.seconds_check is 'Seconds spent on the Great Expectations checkpoint.';
comment on column etl_run.seconds_publish is 'Seconds spent copying the published warehouse to the run''s working copy and checkpointing it for publishing.';

comment on table quarantine is 'Rows that failed a pandera contract, with the check that failed and the whole row as JSON.';
comment on column quarantine.quarantine_id is 'Key: md5 of the document, the entity, the check and the row.';
comment on column quarantine.run_id is 'The run that set the row aside.';
comment on column quarantine.document_id is 'The document the row came from.';
comment on column quarantine.document_path is 'The file the row came from.';
comment on column quarantine.entity is 'What the row is: statistic, document, source, geography, period or unit.';
comment on column quarantine.check_name is 'The check that failed ("its source failed validation" for a statistic quarantined with its source).';
comment on column quarantine.column_name is 'The column that failed, when the check is about one column.';
comment on column quarantine.failing_value is 'The value that failed the check.';
comment on column quarantine.row_json is 'The whole row, as JSON.';
comment on column quarantine.quarantined_at is 'When it was set aside (UTC).';

comment on table ingest_error is 'Files that could not be read or extracted, with the reason in plain English.';
comment on column ingest_error.run_id is 'The run that tried to read the file.';
comment on column ingest_error.path is 'The file (a JSON feed record: file#record).';
comment on column ingest_error.error_class is 'The kind of failure (ValueError, PermissionError, ExtractionError...).';
comment on column ingest_error.message is 'What went wrong, in plain English.';
comment on column ingest_error.recorded_at is 'When it was recorded (UTC).';

comment on table dq_result is 'The result of every expectation of every Great Expectations checkpoint.';
comment on column dq_result.check_id is 'One checkpoint run.';
comment on column dq_result.run_id is 'The pipeline run it checked; null for `statwh check`.';
comment on column dq_result.checked_at is 'When the checkpoint ran (UTC).';
comment on column dq_result.table_name is 'The table the expectation is about.';
comment on column dq_result.expectation is 'The expectation and its columns: expect_column_values_to_be_unique(statistic_id).';
comment on column dq_result.critical is 'Whether a failure fails the run (otherwise it is a warning).';
comment on column dq_result.success is 'Whether the expectation was met.';
comment on column dq_result.observed_value is 'What Great Expectations observed: a count, a value, or some unexpected rows.';
comment on column dq_result.unexpected_count is 'Rows that did not meet the expectation.';

comment on table schema_version is 'The migrations (sql/migrations) applied to this warehouse.';
comment on column schema_version.version is 'The migration''s number.';
comment on column schema_version.name is 'The migration''s file name.';
comment on column schema_version.applied_at is 'When it was applied.';

comment on table blanked_text is 'Spans of each document that extraction did not read as page furniture, and why (v_blanked_text reads it).';
comment on column blanked_text.document_id is 'The document (dim_document).';
comment on column blanked_text.char_start is 'Where the span starts in the document''s stored text.';
comment on column blanked_text.char_end is 'Where it ends (exclusive).';
comment on column blanked_text.reason is 'furniture phrase or repeated line (statwh.furniture).';
comment on column blanked_text.held_numbers is 'Whether the span held a digit.';
comment on column blanked_text.blanked_text is 'The span''s text, its first 300 characters.';
comment on column blanked_text.run_id is 'The run that read the document.';

comment on table document_file is 'Bookkeeping, not for analysis: each loaded document''s file as it was read, so a later run can leave an unchanged file unread and still find a publisher''s repeated lines.';
comment on column document_file.document_id is 'The document (dim_document).';
comment on column document_file.file_id is 'The file''s id, the hash of its resolved path: a feed''s records share it.';
comment on column document_file.file_size is 'The file''s size in bytes when read; null when it changed as it was read, so the next run reads it.';
comment on column document_file.file_mtime_ns is 'The file''s modification time when read, in nanoseconds since 1970.';
comment on column document_file.file_ctime_ns is 'The file''s status-change time when read, in nanoseconds since 1970 (moved by any rewrite, even one that restores the modification time).';
comment on column document_file.furniture_group is 'Whose page furniture the document shares: its publisher, else its file''s folder.';
comment on column document_file.text_key is 'A 64-bit hash of the document''s text: copies of one text count once among a group''s documents.';
comment on table document_line is 'Bookkeeping, not for analysis: a 64-bit hash of each long line (25 characters or more) of each loaded document, to find lines repeated across a publisher''s documents (page furniture).';
comment on column document_line.document_id is 'The document (dim_document).';
comment on column document_line.line_key is 'The hash of the line, stripped of surrounding spaces.';
