{#-
    Macros of the consistency checks (models/intermediate/checks). Documented in
    macros/_macros.yml.

    Every check model emits the same columns: report_id, rule_id, scope, blank_handling, status,
    expected, actual, details, and the evidence a finding points at:
      cell_refs          the cells involved, ';'-separated '<report_id>:<table>.<row>.<col>'
                         (cell_ref() builds one), read by fct_check_findings;
      related_report_id  another report the check compares with (cross-report rules);
      evidence_text      printed text the check read outside the tables (a sentence, a date);
      evidence_line      its 1-based line.
-#}

{#- One cell reference for cell_refs. -#}
{% macro cell_ref(report_id, table_id, row_key, col_key) -%}
    {{ dbt.concat([report_id, "':'", table_id, "'.'", row_key, "'.'", col_key]) }}
{%- endmacro %}

{#- The cell columns a found_terms row carries (identity_checks), from the model's cells CTE. -#}
{% macro found_term_cell_columns(cells='cells') -%}
    {{ cells }}.is_blank,
        {{ cells }}.cell_status,
        {{ cells }}.value,
        {{ cells }}.raw_text,
        {{ cells }}.source_line
{%- endmacro %}

{#- Evidence columns of a check that names no cell and reads no text. -#}
{% macro no_evidence() -%}
    cast(null as {{ dbt.type_string() }}) as cell_refs,
    cast(null as {{ dbt.type_string() }}) as related_report_id,
    cast(null as {{ dbt.type_string() }}) as evidence_text,
    cast(null as {{ dbt.type_int() }}) as evidence_line
{%- endmacro %}

{#-
    Evaluates additive identities (expected side = actual side) over table cells, twice: with
    blank cells taken as 0 (blank_as_zero), and only where every term is printed (fully_printed).

    terms: a CTE with report_id, table_id, table_status, scope, side ('expected' | 'actual'),
           row_key, col_key, term_order: one row per cell that enters the identity.
    found_terms: the terms whose cell exists, with that cell's is_blank, cell_status, value,
           raw_text and source_line. Models build it by joining the cells to the small tables
           their terms come from: joining every term to every cell on (report_id, row_key,
           col_key) cost more than the rest of the check at 100,000 reports. The other terms are
           found by counting: only scopes with fewer found terms than terms are searched for them.
    doubtful_rows: optional CTE (report_id, table_id, row_key) of rows whose digits look split or
           merged (P01); a failing identity over such a row is parse doubt, not a finding.

    Emits CTEs ending in identity_checked (report_id, scope, blank_handling, status, expected,
    actual, details, cell_refs). Status per scope and blank handling:
      not_assessable  the table is not present; or, blank_as_zero: a term cell is missing or
                      unreadable; fully_printed: a term cell is not printed with a number;
                      or the sides differ but (blank_as_zero) one side is only 总计 cells left
                      blank while the other is filled (a blank total, reported by Q15), or a
                      term's row looks mis-split (reported by P01);
      pass / fail     the two sides are equal / differ.
    details and cell_refs are NULL where the check passes: expected and actual say it all, and
    the terms of the passing scopes (some 95 % of them) came to gigabytes of text at 100,000
    reports; a passing scope's cells are the rule's terms.
-#}
{% macro identity_checks(terms, found_terms, doubtful_rows=none) %}
identity_term_counts as (
    select
        report_id,
        scope,
        count(*) as term_count
    from {{ terms }}
    group by
        report_id,
        scope
),

identity_found_counts as (
    select
        report_id,
        scope,
        count(*) as found_count
    from {{ found_terms }}
    group by
        report_id,
        scope
),

-- scopes with a term whose cell is missing (few)
identity_incomplete_scopes as (
    select
        identity_term_counts.report_id,
        identity_term_counts.scope
    from identity_term_counts
    left join identity_found_counts
        on identity_term_counts.report_id = identity_found_counts.report_id
        and identity_term_counts.scope = identity_found_counts.scope
    where coalesce(identity_found_counts.found_count, 0) < identity_term_counts.term_count
),

identity_missing_terms as (
    select identity_terms.*
    from {{ terms }} as identity_terms
    inner join identity_incomplete_scopes
        on identity_terms.report_id = identity_incomplete_scopes.report_id
        and identity_terms.scope = identity_incomplete_scopes.scope
    where not exists (
        select 1
        from {{ found_terms }} as identity_found
        where identity_found.report_id = identity_terms.report_id
            and identity_found.scope = identity_terms.scope
            and identity_found.row_key = identity_terms.row_key
            and identity_found.col_key = identity_terms.col_key
    )
),

identity_terms_celled as (
    select
        report_id,
        table_id,
        table_status,
        scope,
        side,
        row_key,
        col_key,
        term_order,
        true as is_found,
        is_blank,
        cell_status,
        value,
        raw_text,
        source_line
    from {{ found_terms }}

    union all

    select
        report_id,
        table_id,
        table_status,
        scope,
        side,
        row_key,
        col_key,
        term_order,
        false as is_found,
        cast(null as boolean) as is_blank,
        cast(null as {{ dbt.type_string() }}) as cell_status,
        cast(null as {{ type_figure() }}) as value,
        cast(null as {{ dbt.type_string() }}) as raw_text,
        cast(null as {{ dbt.type_int() }}) as source_line
    from identity_missing_terms
),

identity_terms_joined as (
    select
        identity_terms.report_id,
        identity_terms.table_id,
        identity_terms.table_status,
        identity_terms.scope,
        identity_terms.side,
        identity_terms.term_order,
        identity_terms.row_key,
        identity_terms.col_key,
        identity_terms.is_found,
        identity_terms.raw_text,
        identity_terms.source_line,
        coalesce(identity_terms.is_blank, false) as is_blank,
        coalesce(identity_terms.is_blank, false) and identity_terms.col_key = 'total'
            as is_blank_total,
        coalesce(
            identity_terms.cell_status = 'ok' and identity_terms.value is not null, false
        ) as is_printed,
        coalesce(identity_terms.value, 0) as value_or_zero
    from identity_terms_celled as identity_terms
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
        sum(case when side = 'expected' then 1 else 0 end) as expected_count,
        sum(case when side = 'actual' then 1 else 0 end) as actual_count,
        sum(case when side = 'expected' and is_blank_total then 1 else 0 end)
            as expected_blank_total_count,
        sum(case when side = 'actual' and is_blank_total then 1 else 0 end)
            as actual_blank_total_count,
        sum(case when is_found then 1 else 0 end) as found_count,
        sum(case when is_printed then 1 else 0 end) as printed_count,
        sum(case when is_found and not is_printed and not is_blank then 1 else 0 end)
            as unreadable_count
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
            when identity_blank_handlings.blank_handling = 'blank_as_zero'
                and (
                    (
                        identity_scopes_summed.expected_blank_total_count
                            = identity_scopes_summed.expected_count
                        and identity_scopes_summed.actual_sum <> 0
                    )
                    or (
                        identity_scopes_summed.actual_blank_total_count
                            = identity_scopes_summed.actual_count
                        and identity_scopes_summed.expected_sum <> 0
                    )
                )
                then 'blank_total'
            -- fail, or parse_doubt if a term's row looks mis-split (decided with the evidence)
            else 'unequal'
        end as outcome
    from identity_scopes_summed
    cross join identity_blank_handlings
),

-- The evidence strings, for the scopes that do not pass in some blank handling only: over
-- 100,000 reports the terms of passing scopes (some 95 % of them) came to gigabytes of text.
identity_scopes_explained as (
    select distinct
        report_id,
        table_id,
        scope
    from identity_statuses
    where outcome <> 'pass'
),

identity_terms_explained as (
    select
        identity_terms.report_id,
        identity_terms.table_id,
        identity_terms.scope,
        identity_terms.side,
        identity_terms.term_order,
        identity_terms.row_key,
        {% if doubtful_rows is not none -%}
        identity_doubts.report_id is not null as is_doubtful,
        {%- else -%}
        false as is_doubtful,
        {%- endif %}
        {{ cell_ref('identity_terms.report_id', 'identity_terms.table_id',
                    'identity_terms.row_key', 'identity_terms.col_key') }} as term_ref,
        case
            when not identity_terms.is_found
                then {{ dbt.concat(['identity_terms.row_key', "'.'", 'identity_terms.col_key', "'=missing'"]) }}
            else {{ dbt.concat([
                'identity_terms.row_key', "'.'", 'identity_terms.col_key',
                "'=「'", "coalesce(identity_terms.raw_text, '')", "'」@'",
                dbt.cast('identity_terms.source_line', dbt.type_string())
            ]) }}
        end as term_text
    from identity_terms_joined as identity_terms
    inner join identity_scopes_explained
        on identity_terms.report_id = identity_scopes_explained.report_id
        and identity_terms.table_id = identity_scopes_explained.table_id
        and identity_terms.scope = identity_scopes_explained.scope
    {% if doubtful_rows is not none -%}
    left join {{ doubtful_rows }} as identity_doubts
        on identity_terms.report_id = identity_doubts.report_id
        and identity_terms.table_id = identity_doubts.table_id
        and identity_terms.row_key = identity_doubts.row_key
    {%- endif %}
),

identity_scope_texts as (
    select
        report_id,
        table_id,
        scope,
        {{ sorted_listagg('case when is_doubtful then row_key end', "', '", [], distinct=true) }}
            as doubtful_rows,
        {{ sorted_listagg('term_ref', "';'", [('term_order', 'number')]) }} as cell_refs,
        {{ sorted_listagg("case when side = 'expected' then term_text end", "' + '",
                          [('term_order', 'number')]) }} as expected_terms,
        {{ sorted_listagg("case when side = 'actual' then term_text end", "' + '",
                          [('term_order', 'number')]) }} as actual_terms
    from identity_terms_explained
    group by
        report_id,
        table_id,
        scope
),

identity_outcomes as (
    select
        identity_statuses.*,
        identity_scope_texts.doubtful_rows,
        identity_scope_texts.cell_refs,
        identity_scope_texts.expected_terms,
        identity_scope_texts.actual_terms,
        case
            when identity_statuses.outcome <> 'unequal' then identity_statuses.outcome
            when identity_scope_texts.doubtful_rows is not null then 'parse_doubt'
            else 'fail'
        end as resolved_outcome
    from identity_statuses
    left join identity_scope_texts
        on identity_statuses.report_id = identity_scope_texts.report_id
        and identity_statuses.table_id = identity_scope_texts.table_id
        and identity_statuses.scope = identity_scope_texts.scope
),

identity_checked as (
    select
        identity_outcomes.report_id,
        identity_outcomes.scope,
        identity_outcomes.blank_handling,
        case
            when identity_outcomes.resolved_outcome in ('blank_total', 'parse_doubt') then 'not_assessable'
            else identity_outcomes.resolved_outcome
        end as status,
        case
            when identity_outcomes.resolved_outcome <> 'not_assessable' then identity_outcomes.expected_sum
        end as expected,
        case
            when identity_outcomes.resolved_outcome <> 'not_assessable' then identity_outcomes.actual_sum
        end as actual,
        case
            when identity_outcomes.resolved_outcome = 'pass' then cast(null as {{ dbt.type_string() }})
            when identity_outcomes.table_status <> 'present'
                then {{ dbt.concat(["'table '", 'identity_outcomes.table_id', "' is '",
                                    'identity_outcomes.table_status']) }}
            else {{ dbt.concat([
                "case"
                ~ " when identity_outcomes.resolved_outcome = 'blank_total' then"
                ~ " '总计 printed blank while the other side is filled (blank-vs-zero, see Q15); '"
                ~ " when identity_outcomes.resolved_outcome = 'parse_doubt' then "
                ~ dbt.concat(["'parse doubt: row '", 'identity_outcomes.doubtful_rows',
                              "' looks split or merged (see P01); '"])
                ~ " when identity_outcomes.resolved_outcome <> 'not_assessable' then ''"
                ~ " when identity_outcomes.blank_handling = 'fully_printed' then "
                ~ dbt.concat([dbt.cast('identity_outcomes.term_count - identity_outcomes.printed_count', dbt.type_string()),
                              "' of '", dbt.cast('identity_outcomes.term_count', dbt.type_string()),
                              "' cells not printed with a number; '"])
                ~ " else "
                ~ dbt.concat([dbt.cast('identity_outcomes.term_count - identity_outcomes.found_count', dbt.type_string()),
                              "' cells missing, '", dbt.cast('identity_outcomes.unreadable_count', dbt.type_string()),
                              "' unreadable; '"])
                ~ " end",
                "'expected '", "coalesce(identity_outcomes.expected_terms, '')", "' = '",
                figure_to_text('identity_outcomes.expected_sum'),
                "'; actual '", "coalesce(identity_outcomes.actual_terms, '')", "' = '",
                figure_to_text('identity_outcomes.actual_sum')
            ]) }}
        end as details,
        case
            when identity_outcomes.resolved_outcome <> 'pass' then identity_outcomes.cell_refs
        end as cell_refs
    from identity_outcomes
)
{% endmacro %}

{#-
    Regular expressions, behind macros because their spelling differs between engines. Patterns
    are RE2/Java-compatible and written as SQL string literals without backslash escapes.
-#}

{#- The given capture group of the first match (empty string when there is none). -#}
{% macro regexp_group(expression, pattern, group=0) -%}
    {{ return(adapter.dispatch('regexp_group', 'xxgk')(expression, pattern, group)) }}
{%- endmacro %}

{% macro default__regexp_group(expression, pattern, group) -%}
    regexp_extract({{ expression }}, '{{ pattern }}', {{ group }})
{%- endmacro %}

{% macro spark__regexp_group(expression, pattern, group) -%}
    regexp_extract({{ expression }}, '{{ pattern | replace("\\", "\\\\") }}', {{ group }})
{%- endmacro %}

{#- How many non-overlapping matches the expression holds. -#}
{% macro regexp_count(expression, pattern) -%}
    {{ return(adapter.dispatch('regexp_count', 'xxgk')(expression, pattern)) }}
{%- endmacro %}

{% macro default__regexp_count(expression, pattern) -%}
    len(regexp_extract_all({{ expression }}, '{{ pattern }}'))
{%- endmacro %}

{% macro spark__regexp_count(expression, pattern) -%}
    size(regexp_extract_all({{ expression }}, '{{ pattern | replace("\\", "\\\\") }}', 0))
{%- endmacro %}

{#- Every match replaced. -#}
{% macro regexp_replace_all(expression, pattern, replacement) -%}
    {{ return(adapter.dispatch('regexp_replace_all', 'xxgk')(expression, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, '{{ pattern }}', '{{ replacement }}', 'g')
{%- endmacro %}

{% macro spark__regexp_replace_all(expression, pattern, replacement) -%}
    regexp_replace({{ expression }}, '{{ pattern | replace("\\", "\\\\") }}', '{{ replacement }}')
{%- endmacro %}

{#- One row per piece of the text cut at a separator (a table function in select position). -#}
{% macro split_to_rows(expression, separator) -%}
    {{ return(adapter.dispatch('split_to_rows', 'xxgk')(expression, separator)) }}
{%- endmacro %}

{% macro default__split_to_rows(expression, separator) -%}
    unnest(string_split({{ expression }}, '{{ separator }}'))
{%- endmacro %}

{% macro spark__split_to_rows(expression, separator) -%}
    explode(split({{ expression }}, '{{ separator }}'))
{%- endmacro %}

{#- The 1-based line of a 1-based character offset in a text (lines end at '\n'). -#}
{% macro line_of_offset(text, offset) -%}
    (1 + length(substring({{ text }}, 1, {{ offset }} - 1))
        - length(replace(substring({{ text }}, 1, {{ offset }} - 1), chr(10), '')))
{%- endmacro %}

{#- An agency name reduced to a grouping key: whitespace and brackets' contents dropped. Until
    dim_agency carries agency_id, reports of one agency are grouped by this key. -#}
{% macro agency_key(agency_name) -%}
    nullif({{ regexp_replace_all(agency_name, '\\s+|[（(][^）)]*[）)]', '') }}, '')
{%- endmacro %}

{#-
    The tail shared by the identity rules Q01-Q04: the P01 rows whose digits look split or merged,
    identity_checks over the model's terms and found_terms CTEs, and the final CTE in the check
    columns.
-#}
{% macro identity_rule_checked(rule_id, terms='terms', found_terms='found_terms') %}
doubtful_rows as (
    select
        report_id,
        table_id,
        row_key
    from {{ ref('int_rows_checked_for_split_digits') }}
    where status = 'fail'
),

{{ identity_checks(terms, found_terms, 'doubtful_rows') }},

final as (
    select
        report_id,
        '{{ rule_id }}' as rule_id,
        scope,
        blank_handling,
        status,
        expected,
        actual,
        details,
        cell_refs,
        cast(null as {{ dbt.type_string() }}) as related_report_id,
        cast(null as {{ dbt.type_string() }}) as evidence_text,
        cast(null as {{ dbt.type_int() }}) as evidence_line
    from identity_checked
)
{% endmacro %}

{#-
    CTEs tables (t2, t3, t4) and report_tables (report_id, table_id, table_status): each report of
    the given CTE once per table, with that table's presence status.
-#}
{% macro report_tables_ctes(reports='reports') %}
tables as (
    {% for table_id in ['t2', 't3', 't4'] -%}
    select '{{ table_id }}' as table_id
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

report_tables as (
    select
        {{ reports }}.report_id,
        tables.table_id,
        case tables.table_id
            when 't2' then {{ reports }}.t2_status
            when 't3' then {{ reports }}.t3_status
            else {{ reports }}.t4_status
        end as table_status
    from {{ reports }}
    cross join tables
)
{% endmacro %}

{#- Cross-year checks (Q09, Q10): the table is not present in this report or in the previous one
    (columns <table>_status and previous_<table>_status). -#}
{% macro table_missing_either_year(table_id) -%}
    ({{ table_id }}_status <> 'present' or previous_{{ table_id }}_status <> 'present')
{%- endmacro %}

{#- The details that say so, e.g. 'T3 present this year, absent last year'. -#}
{% macro table_status_both_years(table_id) -%}
    {{ dbt.concat([
        "'" ~ table_id | upper ~ " '", table_id ~ '_status', "' this year, '",
        'previous_' ~ table_id ~ '_status', "' last year'"
    ]) }}
{%- endmacro %}
