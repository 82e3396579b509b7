-- Every current v2019+ report gets every check scope, whether or not its tables are present:
-- Q01/Q02 7 columns x 2 blank handlings, Q03 at least 23 rows x 2, Q04 3 blocks x 2,
-- Q05/Q08 3 tables, Q07 3 tables + sections.
with

reports as (
    select * from {{ ref('dim_report') }}
    where is_current
        and template_version in ('2021', '2019')
),

checks as (
    select * from {{ ref('fct_consistency_checks') }}
),

rules as (
    {% for rule_id, min_rows, max_rows in [
        ('Q01', 14, 14), ('Q02', 14, 14), ('Q03', 46, 60), ('Q04', 6, 6),
        ('Q05', 3, 3), ('Q07', 4, 4), ('Q08', 3, 3),
    ] -%}
    select '{{ rule_id }}' as rule_id, {{ min_rows }} as min_rows, {{ max_rows }} as max_rows
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

counted as (
    select
        reports.report_id,
        rules.rule_id,
        rules.min_rows,
        rules.max_rows,
        count(checks.check_id) as check_rows
    from reports
    cross join rules
    left join checks
        on reports.report_id = checks.report_id
        and rules.rule_id = checks.rule_id
    group by
        reports.report_id,
        rules.rule_id,
        rules.min_rows,
        rules.max_rows
),

final as (
    select * from counted
    where check_rows < min_rows
        or check_rows > max_rows
)

select * from final
