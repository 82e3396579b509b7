{#-
    Evaluates additive identities (expected side = actual side) over table cells, twice: with
    blank cells taken as 0 (blank_as_zero), and only where every term is printed (fully_printed).

    terms: a CTE with report_id, table_id, table_status, scope, side ('expected' | 'actual'),
           row_key, col_key, term_order: one row per cell that enters the identity.
    cells: a CTE of int_cells_current rows of that table.

    Emits CTEs ending in identity_checked (report_id, scope, blank_handling, status, expected,
    actual, details). Status per scope and blank handling:
      not_assessable  the table is not present; or, blank_as_zero: a term cell is missing or
                      unreadable; fully_printed: a term cell is not printed with a number;
      pass / fail     the two sides are equal / differ.
-#}
{% macro identity_checks(terms, cells) %}
identity_terms_joined as (
    select
        identity_terms.report_id,
        identity_terms.table_id,
        identity_terms.table_status,
        identity_terms.scope,
        identity_terms.side,
        identity_terms.term_order,
        identity_cells.report_id is not null as is_found,
        coalesce(identity_cells.is_blank, false) as is_blank,
        coalesce(
            identity_cells.cell_status = 'ok' and identity_cells.value is not null, false
        ) as is_printed,
        coalesce(identity_cells.value, 0) as value_or_zero,
        case
            when identity_cells.report_id is null
                then {{ dbt.concat(['identity_terms.row_key', "'.'", 'identity_terms.col_key', "'=missing'"]) }}
            else {{ dbt.concat([
                'identity_terms.row_key', "'.'", 'identity_terms.col_key',
                "'=「'", "coalesce(identity_cells.raw_text, '')", "'」@'",
                dbt.cast('identity_cells.source_line', dbt.type_string())
            ]) }}
        end as term_text
    from {{ terms }} as identity_terms
    left join {{ cells }} as identity_cells
        on identity_terms.report_id = identity_cells.report_id
        and identity_terms.row_key = identity_cells.row_key
        and identity_terms.col_key = identity_cells.col_key
),

identity_scopes_summed as (
    select
        report_id,
        table_id,
        table_status,
        scope,
        sum(case when side = 'expected' then value_or_zero else 0 end) as expected_sum,
        sum(case when side = 'actual' then value_or_zero else 0 end) as actual_sum,
        count(*) as term_count,
        sum(case when is_found then 1 else 0 end) as found_count,
        sum(case when is_printed then 1 else 0 end) as printed_count,
        sum(case when is_found and not is_printed and not is_blank then 1 else 0 end)
            as unreadable_count,
        {{ dbt.listagg("case when side = 'expected' then term_text end", "' + '", 'order by term_order') }}
            as expected_terms,
        {{ dbt.listagg("case when side = 'actual' then term_text end", "' + '", 'order by term_order') }}
            as actual_terms
    from identity_terms_joined
    group by
        report_id,
        table_id,
        table_status,
        scope
),

identity_blank_handlings as (
    select 'blank_as_zero' as blank_handling
    union all
    select 'fully_printed' as blank_handling
),

identity_statuses as (
    select
        identity_scopes_summed.*,
        identity_blank_handlings.blank_handling,
        case
            when identity_scopes_summed.table_status <> 'present' then 'not_assessable'
            when identity_blank_handlings.blank_handling = 'blank_as_zero'
                and (
                    identity_scopes_summed.found_count < identity_scopes_summed.term_count
                    or identity_scopes_summed.unreadable_count > 0
                )
                then 'not_assessable'
            when identity_blank_handlings.blank_handling = 'fully_printed'
                and identity_scopes_summed.printed_count < identity_scopes_summed.term_count
                then 'not_assessable'
            when identity_scopes_summed.expected_sum = identity_scopes_summed.actual_sum
                then 'pass'
            else 'fail'
        end as status
    from identity_scopes_summed
    cross join identity_blank_handlings
),

identity_checked as (
    select
        report_id,
        scope,
        blank_handling,
        status,
        case when status <> 'not_assessable' then expected_sum end as expected,
        case when status <> 'not_assessable' then actual_sum end as actual,
        case
            when table_status <> 'present'
                then {{ dbt.concat(["'table '", 'table_id', "' is '", 'table_status']) }}
            else {{ dbt.concat([
                "case"
                ~ " when status <> 'not_assessable' then ''"
                ~ " when blank_handling = 'fully_printed' then "
                ~ dbt.concat([dbt.cast('term_count - printed_count', dbt.type_string()),
                              "' of '", dbt.cast('term_count', dbt.type_string()),
                              "' cells not printed with a number; '"])
                ~ " else "
                ~ dbt.concat([dbt.cast('term_count - found_count', dbt.type_string()),
                              "' cells missing, '", dbt.cast('unreadable_count', dbt.type_string()),
                              "' unreadable; '"])
                ~ " end",
                "'expected '", "coalesce(expected_terms, '')", "' = '", figure_to_text('expected_sum'),
                "'; actual '", "coalesce(actual_terms, '')", "' = '", figure_to_text('actual_sum')
            ]) }}
        end as details
    from identity_statuses
)
{% endmacro %}
