-- What extraction did not read as page furniture (issue 16): a user can see that nothing that states
-- a figure was dropped, and which spans held numbers.
create table if not exists blanked_text (
    document_id varchar not null,
    char_start bigint not null,
    char_end bigint not null,
    reason varchar not null,
    held_numbers boolean not null,
    blanked_text varchar,
    run_id varchar,
    primary key (document_id, char_start)
);
