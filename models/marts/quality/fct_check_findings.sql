-- The evidence of every failing check: one row per failing check and cell it names (the cell as
-- printed, with its line), one row for the printed text it read outside the tables (a prose
-- figure, a date, a statistics period, parser flags), and one bare row for a failing check
-- that names neither. Cells of another report (a cross-report check) carry that report's id.
-- Incremental like fct_consistency_checks, whose rows it follows.
{{ config(
    materialized='incremental',
    incremental_strategy='append',
    on_schema_change='fail',
    pre_hook="{{ delete_checks_to_rebuild() }}",
    post_hook="{{ delete_superseded_checks() }}",
) }}

with

checks as (
    select * from {{ ref('fct_consistency_checks') }}
    where status = 'fail'
        and {{ checks_to_rebuild() }}
),

cells as (
    select * from {{ ref('int_cells_current') }}
),

refs as (
    select distinct
        check_id,
        cell_ref
    from (
        select
            check_id,
            {{ split_to_rows('cell_refs', ';') }} as cell_ref
        from checks
        where cell_refs is not null
    ) as split_refs
    where cell_ref <> ''
),

refs_parsed as (
    select
        check_id,
        {{ dbt.split_part('cell_ref', "':'", 1) }} as cell_report_id,
        {{ dbt.split_part(dbt.split_part('cell_ref', "':'", 2), "'.'", 1) }} as table_id,
        {{ dbt.split_part(dbt.split_part('cell_ref', "':'", 2), "'.'", 2) }} as row_key,
        {{ dbt.split_part(dbt.split_part('cell_ref', "':'", 2), "'.'", 3) }} as col_key
    from refs
),

cell_evidence as (
    select
        refs_parsed.check_id,
        'cell' as evidence_kind,
        refs_parsed.cell_report_id,
        refs_parsed.table_id,
        refs_parsed.row_key,
        refs_parsed.col_key,
        cells.raw_text,
        cells.source_line,
        coalesce(cells.cell_status, 'missing') as cell_status,
        cells.value
    from refs_parsed
    left join cells
        on refs_parsed.cell_report_id = cells.report_id
        and refs_parsed.table_id = cells.table_id
        and refs_parsed.row_key = cells.row_key
        and refs_parsed.col_key = cells.col_key
),

text_evidence as (
    select
        check_id,
        'text' as evidence_kind,
        report_id as cell_report_id,
        cast(null as {{ dbt.type_string() }}) as table_id,
        cast(null as {{ dbt.type_string() }}) as row_key,
        cast(null as {{ dbt.type_string() }}) as col_key,
        evidence_text as raw_text,
        evidence_line as source_line,
        cast(null as {{ dbt.type_string() }}) as cell_status,
        cast(null as {{ type_figure() }}) as value
    from checks
    where evidence_text is not null
),

bare_checks as (
    select
        check_id,
        'check' as evidence_kind,
        report_id as cell_report_id,
        cast(null as {{ dbt.type_string() }}) as table_id,
        cast(null as {{ dbt.type_string() }}) as row_key,
        cast(null as {{ dbt.type_string() }}) as col_key,
        cast(null as {{ dbt.type_string() }}) as raw_text,
        cast(null as {{ dbt.type_int() }}) as source_line,
        cast(null as {{ dbt.type_string() }}) as cell_status,
        cast(null as {{ type_figure() }}) as value
    from checks
    where evidence_text is null
        and coalesce(cell_refs, '') = ''
),

evidence as (
    select * from cell_evidence
    union all
    select * from text_evidence
    union all
    select * from bare_checks
),

final as (
    select
        -- keys
        {{ dbt.concat([
            'checks.check_id', "'|'", 'evidence.evidence_kind', "'|'",
            "coalesce(" ~ dbt.concat(['evidence.cell_report_id', "':'", 'evidence.table_id', "'.'",
                                      'evidence.row_key', "'.'", 'evidence.col_key']) ~ ", '')"
        ]) }} as finding_id,
        checks.check_id,
        checks.report_id,

        -- report
        checks.source_file,
        checks.agency_name,
        checks.report_year,
        checks.template_version,

        -- the failing check
        checks.rule_id,
        checks.severity,
        checks.is_parse_doubt,
        checks.rule_description,
        checks.scope,
        checks.blank_handling,
        checks.expected,
        checks.actual,
        checks.details,
        checks.related_report_id,

        -- the evidence: a cell (of this report or another), printed text, or none
        evidence.evidence_kind,
        evidence.cell_report_id,
        evidence.cell_report_id <> checks.report_id as is_other_report,
        evidence.table_id,
        evidence.row_key,
        evidence.col_key,
        evidence.raw_text,
        evidence.source_line,
        evidence.cell_status,
        evidence.value

    from checks
    inner join evidence
        on checks.check_id = evidence.check_id
)

select * from final
