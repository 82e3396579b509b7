-- Pre-2019 reports (spec §4.5, all warnings), over their statistics: a local 统计表 (table p)
-- or, where no table prints a figure, the prose stating it (first mention).
--   L01  同意公开 + 同意部分公开 + 不同意公开 answers do not exceed the answers given;
--   L02  answers given do not exceed the applications received, and approval matters completed
--       do not exceed those accepted (no carry-over field exists before 2019, so backlog cannot
--       explain more);
--   L03  a breakdown does not exceed its total: 主动公开 by channel (网站, 公报) and by kind
--       (政策法规, 规划计划), 咨询 by channel (现场, 网上, 电话).
-- The catalog has no outcome breakdown of 复议/诉讼, so §4.5's fourth check has nothing to test.
with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
        and {{ reports_to_check() }}
        and template_version = 'pre2019'
),

values_ranked as (
    select
        indicator_values.*,
        row_number() over (
            partition by indicator_values.report_id, indicator_values.row_key,
                indicator_values.col_key
            order by case when indicator_values.value_origin = 'table' then 0 else 1 end
        ) as origin_rank
    from {{ ref('int_indicator_values_unioned') }} as indicator_values
    inner join reports
        on indicator_values.report_id = reports.report_id
    where indicator_values.table_id = 'p'
        and indicator_values.value is not null
),

p_values as (
    select * from values_ranked
    where origin_rank = 1
),

-- each rule: the total (side 'expected') and the terms that must not exceed it ('actual')
rule_terms as (
    {% set rules = [
        ('L01', 'answers', 'applications_answered',
            ['applications_granted', 'applications_partially_granted', 'applications_denied']),
        ('L02', 'applications', 'applications_received', ['applications_answered']),
        ('L02', 'approvals', 'approvals_accepted', ['approvals_completed']),
        ('L03', 'proactive_items.channels', 'proactive_items',
            ['active_via_website', 'active_via_gazette']),
        ('L03', 'proactive_items.kinds', 'proactive_items',
            ['active_policy_regulation', 'active_planning']),
        ('L03', 'consultations.channels', 'consultations',
            ['consultations_onsite', 'consultations_online', 'consultations_phone']),
    ] -%}
    {% for rule_id, scope, total_key, part_keys in rules -%}
    select
        '{{ rule_id }}' as rule_id,
        '{{ scope }}' as scope_name,
        'expected' as side,
        '{{ total_key }}' as row_key,
        0 as term_order
    {% for part_key in part_keys -%}
    union all
    select '{{ rule_id }}', '{{ scope }}', 'actual', '{{ part_key }}', {{ loop.index }}
    {% endfor -%}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

terms_valued as (
    select
        p_values.report_id,
        rule_terms.rule_id,
        {{ dbt.concat(['rule_terms.scope_name', "'.'", 'p_values.col_key']) }} as scope,
        rule_terms.side,
        rule_terms.term_order,
        p_values.row_key,
        p_values.col_key,
        p_values.value,
        p_values.value_origin,
        p_values.is_approximate,
        p_values.source_line,
        {{ dbt.concat([
            'p_values.row_key', "'=「'", 'p_values.raw_text', "'」@'",
            dbt.cast('p_values.source_line', dbt.type_string()),
            "case when p_values.value_origin = 'narrative' then ' (prose)' else '' end"
        ]) }} as term_text
    from rule_terms
    inner join p_values
        on rule_terms.row_key = p_values.row_key
),

scopes_summed as (
    select
        report_id,
        rule_id,
        scope,
        max(case when side = 'expected' then value end) as total_value,
        sum(case when side = 'actual' then value else 0 end) as parts_sum,
        sum(case when side = 'expected' then 1 else 0 end) as total_count,
        sum(case when side = 'actual' then 1 else 0 end) as part_count,
        max(case when is_approximate then 1 else 0 end) as has_approximate,
        {{ sorted_listagg("case when side = 'expected' then term_text end", "' '",
                          [('term_order', 'number')]) }} as total_text,
        {{ sorted_listagg("case when side = 'actual' then term_text end", "' + '",
                          [('term_order', 'number')]) }} as parts_text,
        {{ sorted_listagg(
            "case when value_origin = 'table' then "
            ~ cell_ref('report_id', "'p'", 'row_key', 'col_key') ~ " end",
            "';'",
            [('term_order', 'number')]
        ) }} as cell_refs,
        {{ sorted_listagg("case when value_origin = 'narrative' then term_text end", "'; '",
                          [('term_order', 'number')]) }} as prose_text,
        min(case when value_origin = 'narrative' then source_line end) as prose_line
    from terms_valued
    group by
        report_id,
        rule_id,
        scope
),

final as (
    select
        report_id,
        rule_id,
        scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        case
            when parts_sum <= total_value then 'pass'
            when has_approximate = 1 then 'not_assessable'
            else 'fail'
        end as status,
        total_value as expected,
        parts_sum as actual,
        {{ dbt.concat([
            "'total '", 'total_text', "'; parts '", 'parts_text', "' = '", figure_to_text('parts_sum'),
            "case when parts_sum > total_value then ' exceed the total'"
            ~ " when parts_sum = total_value then ' (equal)' else ' (within the total)' end"
        ]) }} as details,
        cell_refs,
        cast(null as {{ dbt.type_string() }}) as related_report_id,
        prose_text as evidence_text,
        prose_line as evidence_line
    from scopes_summed
    where total_count = 1
        and part_count >= 1
)

select * from final
