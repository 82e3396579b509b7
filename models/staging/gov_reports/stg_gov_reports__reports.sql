with

source as (
    select * from {{ source('gov_reports', 'reports') }}
),

final as (
    select
        -- keys
        report_id,

        -- metadata as read from the report
        title,
        agency_name,
        agency_source,
        report_year,
        template_version,
        template_evidence,

        -- dates: printed as yyyy-mm-dd when found
        publication_date as publication_date_text,
        {{ dbt.safe_cast('publication_date', 'date') }} as publication_date

    from source
)

select * from final
