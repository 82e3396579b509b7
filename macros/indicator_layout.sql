{#-
    Compile-time lists of indicator keys for the wide marts (their column names are a contract).
    The keys come from seeds/indicator_catalog.csv; tests/dbt/assert_layout_macros_match_catalog.sql
    fails when these lists and the catalog drift apart.
-#}

{#- T2 cells that the template prints, per template version (row_key, col_key). The catalog
    states which rows a column applies to only in prose (its notes), so it is spelled out here. -#}
{% macro t2_layout() -%}
    {{ return({
        '2021': [
            ('regulations', 'issued'), ('regulations', 'repealed'), ('regulations', 'in_force'),
            ('normative_docs', 'issued'), ('normative_docs', 'repealed'), ('normative_docs', 'in_force'),
            ('admin_license', 'decisions'),
            ('admin_penalty', 'decisions'), ('admin_coercion', 'decisions'),
            ('admin_fees', 'amount_10k_yuan'),
        ],
        '2019': [
            ('regulations', 'new_made'), ('regulations', 'new_published'), ('regulations', 'total_published'),
            ('normative_docs', 'new_made'), ('normative_docs', 'new_published'), ('normative_docs', 'total_published'),
            ('admin_license', 'prev_items'), ('admin_license', 'delta'), ('admin_license', 'decisions'),
            ('other_admin_services', 'prev_items'), ('other_admin_services', 'delta'), ('other_admin_services', 'decisions'),
            ('admin_penalty', 'prev_items'), ('admin_penalty', 'delta'), ('admin_penalty', 'decisions'),
            ('admin_coercion', 'prev_items'), ('admin_coercion', 'delta'), ('admin_coercion', 'decisions'),
            ('admin_fees', 'prev_items'), ('admin_fees', 'delta'),
            ('central_procurement', 'procurement_projects'), ('central_procurement', 'procurement_amount'),
        ],
    }) }}
{%- endmacro %}

{#- T3 rows that can carry numbers in either template, in printed order. other_handling is printed
    in the 2019 template (and by some 2021 reports); in 2021 it is normally derived from its items. -#}
{% macro t3_row_keys() -%}
    {{ return([
        'new_received', 'carried_over', 'granted', 'partially_granted',
        'denied_state_secret', 'denied_law_forbidden', 'denied_three_safeties', 'denied_third_party',
        'denied_internal_affairs', 'denied_process_info', 'denied_enforcement_file', 'denied_query_matter',
        'unable_not_held', 'unable_needs_creation', 'unable_unclear',
        'not_processed_petition', 'not_processed_duplicate', 'not_processed_publication',
        'not_processed_mass_repeat', 'not_processed_confirm',
        'other_no_correction', 'other_no_fee', 'other_other',
        'total_handled', 'carried_forward',
    ]) }}
{%- endmacro %}

{#- T3 outcome groups: printed without numbers in 2021, their totals are sums of their items. -#}
{% macro t3_group_keys() -%}
    {{ return(['denied', 'unable', 'not_processed', 'other_handling']) }}
{%- endmacro %}

{#- T4 blocks (rows) and outcomes (columns). -#}
{% macro t4_block_keys() -%}
    {{ return(['admin_review', 'litigation_direct', 'litigation_after_review']) }}
{%- endmacro %}

{% macro t4_outcome_keys() -%}
    {{ return(['upheld', 'corrected', 'other', 'pending', 'total']) }}
{%- endmacro %}

{#- Headline figures of fct_agency_year_panel (each with previous_ and _change columns) and of
    fct_region_year_rollup (summed, each with _report_count). -#}
{% macro panel_count_figures() -%}
    {{ return([
        'applications_received', 'applications_carried_over', 'applications_handled',
        'granted', 'partially_granted', 'denied', 'unable', 'not_processed', 'other_handling',
        'applications_carried_forward', 'admin_reviews', 'lawsuits',
        'admin_license_decisions', 'admin_penalty_decisions', 'admin_coercion_decisions',
    ]) }}
{%- endmacro %}

{#- Shares in fct_agency_year_panel (each with previous_, _change and _ratio columns). -#}
{% macro panel_rate_figures() -%}
    {{ return(['granted_share', 'refusal_rate']) }}
{%- endmacro %}


{#- T3 outcome groups printed only as their items (不予公开, 无法提供, 不予处理, 其他处理), with
    their items: group_key, item_key. The 2021 structure is the only one that lists every item.
    `indicators` names a relation or CTE shaped like int_indicators_expanded. -#}
{% macro t3_group_items(indicators) -%}
    select
        items.parent_key as group_key,
        items.indicator_key as item_key
    from {{ indicators }} as items
    inner join {{ indicators }} as outcome_groups
        on items.parent_key = outcome_groups.indicator_key
        and outcome_groups.template_version = '2021'
        and outcome_groups.table_id = 't3'
        and outcome_groups.kind = 'row'
        and not outcome_groups.is_printed
    where items.template_version = '2021'
        and items.table_id = 't3'
        and items.kind = 'row'
{%- endmacro %}
