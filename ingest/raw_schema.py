"""DDL of schema `raw`: what ingest writes and dbt reads through sources.

Values stay as printed text here; staging casts them once.
"""

RAW_DDL = """
create schema if not exists raw;

create table if not exists raw.loads (
    load_id varchar primary key,
    started_at timestamp not null,
    finished_at timestamp,
    status varchar not null,          -- running | complete | failed | aborted (process killed)
    reports_dir varchar not null,
    parser_version varchar not null,
    files_seen integer,
    files_loaded integer,
    files_unchanged integer,
    files_duplicate integer,
    files_errored integer
);

-- Every file seen by every load, with what happened to it.
create table if not exists raw.load_files (
    load_id varchar not null,
    path varchar not null,
    file_name varchar not null,
    size_bytes bigint,
    sha256 varchar,
    outcome varchar not null,         -- loaded | unchanged | duplicate | skipped | error
    report_id varchar,                -- the report the bytes belong to (loaded/unchanged/duplicate)
    detail varchar
);

-- One row per distinct file content (a file version).
create table if not exists raw.files (
    report_id varchar primary key,    -- first 16 hex digits of sha256
    sha256 varchar not null unique,
    path varchar not null,
    file_name varchar not null,
    size_bytes bigint not null,
    modified_at timestamp,
    encoding varchar not null,
    newline varchar not null,
    raw_text varchar not null,
    normalized_text varchar not null,
    load_id varchar not null,
    ingested_at timestamp not null,
    parser_version varchar not null
);

create table if not exists raw.reports (
    report_id varchar primary key,
    title varchar,
    agency_name varchar,
    agency_source varchar,
    report_year integer,
    publication_date varchar,
    template_version varchar not null,
    template_evidence varchar
);

create table if not exists raw.sections (
    report_id varchar not null,
    section_no integer not null,
    heading varchar not null,
    start_line integer not null,
    end_line integer not null,
    char_start integer not null,
    char_end integer not null
);

create table if not exists raw.table_presence (
    report_id varchar not null,
    table_id varchar not null,
    status varchar not null,          -- present | empty | absent
    heading_line integer
);

create table if not exists raw.cells (
    report_id varchar not null,
    table_id varchar not null,
    row_key varchar not null,
    col_key varchar not null,
    raw_text varchar not null,
    value_text varchar,
    status varchar not null,          -- ok | blank | dash | unparsed | recovered
    note varchar,
    source_line integer not null
);

create table if not exists raw.figures (
    report_id varchar not null,
    figure_key varchar not null,
    value_text varchar not null,
    unit varchar,
    is_approximate boolean not null,
    sentence varchar not null,
    evidence varchar not null,
    char_start integer not null,
    char_end integer not null,
    source_line integer not null,
    table_id varchar,
    row_key varchar,
    col_key varchar
);

create table if not exists raw.flags (
    report_id varchar not null,
    flag varchar not null,
    detail varchar not null,
    source_line integer
);

create table if not exists raw.errors (
    load_id varchar not null,
    path varchar not null,
    file_name varchar not null,
    sha256 varchar,
    error_kind varchar not null,  -- empty | binary | encoding | parse | io | too_large | timeout
    message varchar not null,
    recorded_at timestamp not null
);

-- Added after the first release: `if not exists` brings older warehouses up to date.
alter table raw.loads add column if not exists files_skipped integer;
alter table raw.loads add column if not exists note varchar;  -- why a load failed or was aborted
-- A file's size and mtime when read: a re-run reads only files whose (size, mtime) changed.
alter table raw.load_files add column if not exists mtime_ns bigint;
"""
