with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
),

rules as (
    select * from {{ ref('check_rules') }}
),

{% set check_models = [
    'int_t3_columns_balanced',
    'int_t3_outcomes_summed',
    'int_t3_rows_summed',
    'int_t4_blocks_summed',
    'int_cells_checked_for_domain',
    'int_tables_checked_for_presence',
    'int_tables_checked_for_completeness',
    'int_figures_matched_to_tables',
] %}
checks as (
    {% for check_model in check_models -%}
    select
        report_id,
        rule_id,
        scope,
        blank_handling,
        status,
        expected,
        actual,
        details
    from {{ ref(check_model) }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

final as (
    select
        -- keys
        {{ dbt.concat([
            'checks.report_id', "'|'", 'checks.rule_id', "'|'", 'checks.scope', "'|'",
            "coalesce(checks.blank_handling, '')"
        ]) }} as check_id,
        checks.report_id,
        checks.rule_id,
        checks.scope,
        checks.blank_handling,

        -- report
        reports.source_file,
        reports.agency_name,
        reports.report_year,
        reports.template_version,

        -- rule
        rules.severity,
        rules.description_en as rule_description,

        -- outcome
        checks.status,
        checks.expected,
        checks.actual,
        checks.actual - checks.expected as difference,
        checks.details

    from checks
    inner join reports
        on checks.report_id = reports.report_id
    inner join rules
        on checks.rule_id = rules.rule_id
)

select * from final
