with

reports as (
    select * from {{ ref('int_reports_versioned') }}
),

final as (
    select
        -- keys
        report_id,
        source_file,

        -- report
        agency_name,
        agency_source,
        report_year,
        title,
        publication_date,
        template_version,
        template_evidence,

        -- tables
        has_t2,
        has_t3,
        has_t4,
        t2_status,
        t3_status,
        t4_status,

        -- file version
        path,
        sha256,
        size_bytes,
        encoding,
        newline,
        is_current,
        version_number,
        version_count,
        parser_version,
        load_id,

        -- timestamps
        modified_at,
        ingested_at

    from reports
)

select * from final
