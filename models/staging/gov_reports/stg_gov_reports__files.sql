with

source as (
    select * from {{ source('gov_reports', 'files') }}
),

final as (
    select
        -- keys
        report_id,
        sha256,
        load_id,

        -- file
        path,
        file_name,
        size_bytes,
        encoding,
        newline,
        raw_text,
        normalized_text,
        parser_version,

        -- timestamps
        modified_at,
        ingested_at

    from source
)

select * from final
