-- One row per file version with its report metadata and table presence; the current version of
-- a path is the one ingested last (a changed file is a new version, older ones are superseded).
with

files as (
    select * from {{ ref('stg_gov_reports__files') }}
),

reports as (
    select * from {{ ref('stg_gov_reports__reports') }}
),

table_presence as (
    select * from {{ ref('stg_gov_reports__table_presence') }}
),

presence_pivoted as (
    select
        report_id,
        {% for table_id in ['t2', 't3', 't4'] -%}
        max(case when table_id = '{{ table_id }}' then table_status end) as {{ table_id }}_status,
        max(case when table_id = '{{ table_id }}' then heading_line end)
            as {{ table_id }}_heading_line{{ ',' if not loop.last }}
        {% endfor %}
    from table_presence
    group by report_id
),

versions_ranked as (
    select
        files.*,
        row_number() over (
            partition by files.path
            order by files.ingested_at desc, files.report_id desc
        ) as recency_rank,
        row_number() over (
            partition by files.path
            order by files.ingested_at, files.report_id
        ) as version_number,
        count(*) over (partition by files.path) as version_count
    from files
),

final as (
    select
        -- keys
        versions_ranked.report_id,
        versions_ranked.sha256,
        versions_ranked.load_id,

        -- file version
        versions_ranked.path,
        versions_ranked.file_name as source_file,
        versions_ranked.size_bytes,
        versions_ranked.encoding,
        versions_ranked.newline,
        versions_ranked.parser_version,
        versions_ranked.version_number,
        versions_ranked.version_count,
        versions_ranked.recency_rank = 1 as is_current,

        -- report metadata
        reports.title,
        reports.agency_name,
        reports.agency_source,
        reports.report_year,
        reports.publication_date,
        reports.template_version,
        reports.template_evidence,

        -- tables (a report without a presence row has no such table)
        {% for table_id in ['t2', 't3', 't4'] -%}
        coalesce(presence_pivoted.{{ table_id }}_status, 'absent') as {{ table_id }}_status,
        presence_pivoted.{{ table_id }}_heading_line,
        coalesce(presence_pivoted.{{ table_id }}_status = 'present', false) as has_{{ table_id }},
        {% endfor %}

        -- timestamps
        versions_ranked.modified_at,
        versions_ranked.ingested_at

    from versions_ranked
    left join reports
        on versions_ranked.report_id = reports.report_id
    left join presence_pivoted
        on versions_ranked.report_id = presence_pivoted.report_id
)

select * from final
