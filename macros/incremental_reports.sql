{#-
    Incremental marts keyed by report (report_id). Facts hold current report versions only; a
    changed file is a new report_id whose rows replace the old version's.

    reports_to_build(reports, compared_columns): a filter for the model's final select. A full
    build takes every report; an incremental run only the current reports the mart does not
    hold yet, plus those whose compared columns (e.g. agency_id, report_scope, from `reports`)
    differ from what the mart holds, so a change in agency resolution reaches the marts without
    a full refresh. delete+insert on report_id then replaces those reports' rows.

    delete_superseded_reports(reports): post-hook SQL that removes the rows of reports that are
    no longer current (an older version of a changed file).
-#}
{% macro reports_to_build(reports, report_id_column='report_id', compared_columns=[]) -%}
    {%- if is_incremental() -%}
    {{ report_id_column }} in (
        select reports_to_build.report_id
        from {{ reports }} as reports_to_build
        left join (
            select distinct
                report_id{% for column in compared_columns %},
                {{ column }}{% endfor %}
            from {{ this }}
        ) as reports_built
            on reports_to_build.report_id = reports_built.report_id
        where reports_built.report_id is null
        {%- for column in compared_columns %}
            or coalesce(reports_built.{{ column }}, '') <> coalesce(reports_to_build.{{ column }}, '')
        {%- endfor %}
    )
    {%- else -%}
    1 = 1
    {%- endif -%}
{%- endmacro %}

{% macro delete_superseded_reports(reports) -%}
    delete from {{ this }}
    where report_id not in (select report_id from {{ reports }})
{%- endmacro %}

{#-
    Incremental check models (models/intermediate/checks, marts/quality) recompute the checks of
    the reports in int_reports_to_check and keep the others' rows.

    is_incremental_check(): is_incremental() for these models, whose materialization is
    incremental or incremental_by_report (macros/materializations).

    reports_to_check(): a filter for a check model's reports. Every report on a full build;
    otherwise those int_reports_to_check lists (new reports and the next year's reports of their
    agencies, whose cross-year checks may change). It also carries the report batch of incremental_by_report
    (hash(report_id) % 1 = 0, every report, until the materialization splits a full build).

    delete_reports_to_check(): pre-hook SQL that removes the rows of those reports first, so a
    report whose checks now find nothing loses its old rows too (delete+insert would only replace
    reports that have new rows).
-#}
{% macro is_incremental_check() -%}
    {#- not while parsing, nor in a unit test (no relation there) -#}
    {%- if not execute or this is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set relation = adapter.get_relation(this.database, this.schema, this.table) -%}
    {{ return(relation is not none and relation.type == 'table'
              and model.config.materialized in ('incremental', 'incremental_by_report')
              and not should_full_refresh()) }}
{%- endmacro %}

{% macro reports_to_check(report_id_column='report_id') -%}
    {#- ref() outside the condition, so that dbt sees the dependency when it parses -#}
    {%- set reports_to_check = ref('int_reports_to_check') -%}
    ({% if is_incremental_check() -%}
    {{ report_id_column }} in (select report_id from {{ reports_to_check }}) and {% endif -%}
    {{ report_batch(report_id_column) }})
{%- endmacro %}

{#- The cells a check model reads with reports_to_check(): int_cells_to_check, the checked
    reports' cells stored for this build, on an incremental build; int_cells_current on a full
    one (and in unit tests). -#}
{% macro cells_to_check() -%}
    {#- both refs outside the condition, so that dbt sees both dependencies when it parses -#}
    {%- set cells_current = ref('int_cells_current') -%}
    {%- set cells_of_reports_to_check = ref('int_cells_to_check') -%}
    {{ return(cells_of_reports_to_check if is_incremental_check() else cells_current) }}
{%- endmacro %}

{#- This report's batch: hash(report_id) % 1 = 0 until incremental_by_report replaces it. -#}
{% macro report_batch(report_id_column='report_id') -%}
    {{ return(adapter.dispatch('report_batch', 'xxgk')(report_id_column)) }}
{%- endmacro %}

{% macro default__report_batch(report_id_column) -%}
    1 = 1
{%- endmacro %}

{% macro duckdb__report_batch(report_id_column) -%}
    hash({{ report_id_column }}) {{ report_batch_marker(1, 0) }}
{%- endmacro %}

{% macro delete_reports_to_check() -%}
    {%- if is_incremental_check() -%}
    delete from {{ this }}
    where report_id in (select report_id from {{ ref('int_reports_to_check') }})
    {%- endif -%}
{%- endmacro %}

{#- delete_superseded_reports() for an incremental check model (nothing to do in a table built
    whole). -#}
{% macro delete_superseded_checks() -%}
    {%- set current_reports = ref('int_reports_scoped') -%}
    {%- if is_incremental_check() -%}
    {{ delete_superseded_reports(current_reports) }}
    {%- endif -%}
{%- endmacro %}

{#-
    The check models built whole on every build (a report's result there depends on reports
    anywhere in the warehouse), with their rule ids: the incremental quality marts take all their
    rows on every build.
-#}
{% macro checks_built_whole() -%}
    {{ return({'int_fees_checked_for_unit': 'Q16', 'int_region_aggregates_checked': 'Q17'}) }}
{%- endmacro %}

{#- The rows an incremental quality mart recomputes: of the reports to check, and of the rules
    built whole. -#}
{% macro checks_to_rebuild(report_id_column='report_id', rule_id_column='rule_id') -%}
    {%- set reports_to_check = ref('int_reports_to_check') -%}
    {%- if is_incremental_check() -%}
    ({{ report_id_column }} in (select report_id from {{ reports_to_check }})
        or {{ rule_id_column }} in ('{{ checks_built_whole().values() | join("', '") }}'))
    {%- else -%}
    1 = 1
    {%- endif -%}
{%- endmacro %}

{% macro delete_checks_to_rebuild() -%}
    {%- if is_incremental_check() -%}
    delete from {{ this }}
    where {{ checks_to_rebuild() }}
    {%- endif -%}
{%- endmacro %}

{#- The where of a data test on an incremental quality mart: the rows this build wrote (every row
    on a full build), so an incremental build tests its own rows; the others were tested when
    they were written. Test configs cannot call macros, so the test says __written_this_build__
    and get_where_subquery puts this in its place. -#}
{% macro checks_written_this_build() -%}
    {#- found in the graph, not by ref(): a test's dependencies are fixed before its where -#}
    {%- set node = graph.nodes['model.' ~ project_name ~ '.int_reports_to_check'] -%}
    {%- set reports_to_check = api.Relation.create(schema=node.schema, identifier=node.alias) -%}
    (report_id in (select report_id from {{ reports_to_check }})
        or rule_id in ('{{ checks_built_whole().values() | join("', '") }}'))
{%- endmacro %}

{#- The where of a data test on a relation rebuilt by report (an incremental mart, or a staging
    view over the append-only raw tables): on an incremental build, the rows of the reports
    ingested since the last successful build (XXGK_TESTED_SINCE: `xxgk build` sets it) and of
    those with an unread 表二 cell, which the marts rebuild on every run (macros/t2_recovery.sql);
    the others' rows were tested when they were built. Every row on a full build, or without
    XXGK_TESTED_SINCE. Both sets come from raw, which ingest alone writes: a test reading a model
    of this build could run before that model (tests run right after the model they test). (A
    mart row rewritten only because its agency's resolution changed is not read again: the
    relationship tests, which read every row, cover the columns that change then.) Test configs
    say __reports_of_this_build__. An environment variable read only when tests run, not a dbt
    var: a var that changes from build to build makes dbt parse the whole project again (~4 s).
    It is pasted into the SQL, so anything but a timestamp is refused. -#}
{% macro reports_of_this_build(report_id_column='report_id') -%}
    {%- set since = env_var('XXGK_TESTED_SINCE', '') if execute and not flags.FULL_REFRESH else '' -%}
    {%- if not since -%}
    1 = 1
    {%- else -%}
    {%- if not modules.re.fullmatch('[0-9]{4}-[0-9]{2}-[0-9]{2}( [0-9]{2}:[0-9]{2}:[0-9]{2}([.][0-9]{1,6})?)?', since) -%}
        {{ exceptions.raise_compiler_error('XXGK_TESTED_SINCE is not a timestamp: ' ~ since) }}
    {%- endif -%}
    {{ report_id_column }} in (
        select report_id from {{ source('gov_reports', 'files') }}
        where ingested_at > cast('{{ since }}' as {{ dbt.type_timestamp() }})
        union all
        {{ reports_with_unread_t2(source('gov_reports', 'cells'), status_column='status') }}
    )
    {%- endif -%}
{%- endmacro %}

{#- dbt's get_where_subquery, with __written_this_build__ and __reports_of_this_build__ in a
    test's where replaced; a where that keeps every row reads the relation itself. -#}
{% macro get_where_subquery(relation) -%}
    {%- set where = config.get('where') -%}
    {%- if where -%}
        {%- if '__written_this_build__' in where -%}
            {%- set where = where | replace('__written_this_build__', checks_written_this_build()) -%}
        {%- endif -%}
        {%- if '__reports_of_this_build__' in where -%}
            {%- set where = where | replace('__reports_of_this_build__', reports_of_this_build()) -%}
        {%- endif -%}
        {%- if where | trim == '1 = 1' -%}
            {{ return(relation) }}
        {%- endif -%}
        {%- set filtered -%}
            (select * from {{ relation }} where {{ where }}) dbt_subquery
        {%- endset -%}
        {{ return(filtered) }}
    {%- else -%}
        {{ return(relation) }}
    {%- endif -%}
{%- endmacro %}
