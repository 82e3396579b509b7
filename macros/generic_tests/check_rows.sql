{#-
    The contract of a check model (models/intermediate/checks), in one scan instead of one test
    per column: rows with report_id, rule_id, scope or status missing, a status other than
    pass | fail | not_assessable, or (identity, the additive rules Q01-Q04, Q09) a pass whose
    sides differ or a fail whose sides agree; and keys (report_id, scope, blank_handling) that
    occur more than once. Each failing row names what it breaks (violation).

    Only the reports int_reports_to_check lists are read (every report on a full build): the
    others' rows were tested when they were built and an incremental build leaves them as they
    were. A model built whole (macros/incremental_reports.sql, checks_built_whole), or a fixture
    given as SQL text, is read whole.
-#}
{% test check_rows(model, identity=false) %}
{%- set reports_to_check = ref('int_reports_to_check') -%}
{%- set read_whole = model is string or model.identifier in checks_built_whole() %}

with

checked_rows as (
    select * from {{ model }}
    {% if not read_whole -%}
    where report_id in (select report_id from {{ reports_to_check }})
    {%- endif %}
),

broken_rows as (
    select
        report_id,
        scope,
        blank_handling,
        case
            when report_id is null then 'report_id is null'
            when rule_id is null then 'rule_id is null'
            when scope is null then 'scope is null'
            when status is null then 'status is null'
            when status not in ('pass', 'fail', 'not_assessable') then 'unknown status'
            else 'pass with unequal sides or fail with equal sides'
        end as violation
    from checked_rows
    where report_id is null
        or rule_id is null
        or scope is null
        or status is null
        or status not in ('pass', 'fail', 'not_assessable')
        {%- if identity %}
        or not coalesce(status <> 'pass' or expected = actual, false)
        or not coalesce(status <> 'fail' or expected <> actual, false)
        {%- endif %}
),

repeated_keys as (
    select
        report_id,
        scope,
        blank_handling,
        'repeated key' as violation
    from checked_rows
    group by
        report_id,
        scope,
        blank_handling
    having count(*) > 1
)

select * from broken_rows
union all
select * from repeated_keys

{% endtest %}
