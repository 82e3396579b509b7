{#-
    listagg(measure, delimiter) in the order of order_by, a list of (expression, kind) pairs with
    kind 'number' (a non-negative integer) or 'text'; NULL measures are left out, NULL keys sort
    last, and ties are broken by the measure. distinct: each measure once (order by the measure
    alone then, as SQL requires of a distinct ordered aggregate).

    DuckDB runs an ordered aggregate (string_agg ... order by) with a sort buffer per group that
    can neither spill nor be shared: over the millions of groups of the check models it took 2-3
    GB and most of a model's time. There the measures are gathered into a plain list, each behind
    its sort keys encoded as text, and the list is sorted and stripped per group afterwards: the
    same string, several times faster and in half the memory. A row's keys are built only when
    its measure is kept (a check's evidence lists a few of its rows: Q08 halved at 100,000 reports).
-#}
{% macro sorted_listagg(measure, delimiter, order_by, distinct=false) -%}
    {{ return(adapter.dispatch('sorted_listagg', 'xxgk')(measure, delimiter, order_by, distinct)) }}
{%- endmacro %}

{% macro default__sorted_listagg(measure, delimiter, order_by, distinct=false) -%}
    {%- if distinct -%}
    {{ dbt.listagg('distinct ' ~ measure, delimiter, 'order by ' ~ measure) }}
    {%- else -%}
    {%- set keys = [] -%}
    {%- for expression, kind in order_by -%}
        {%- do keys.append(expression ~ ' nulls last') -%}
    {%- endfor -%}
    {{ dbt.listagg(measure, delimiter, 'order by ' ~ keys | join(', ') ~ ', ' ~ measure) }}
    {%- endif -%}
{%- endmacro %}

{#- Keys as text that sorts bytewise like the keys: a number zero-padded to 20 digits, a text
    ended by chr(1); chr(2) ends the keys. NULL sorts last as '~' (after the digits) or as
    U+10FFFF (after any character). -#}
{% macro duckdb__sorted_listagg(measure, delimiter, order_by, distinct=false) -%}
    {%- if distinct -%}
        {%- set order_by = [] -%}
    {%- endif -%}
    {%- set keys = [] -%}
    {%- for expression, kind in order_by -%}
        {%- if kind == 'number' -%}
            {%- do keys.append("coalesce(lpad(cast(" ~ expression ~ " as varchar), 20, '0'), repeat('~', 20))") -%}
        {%- elif kind == 'text' -%}
            {%- do keys.append("coalesce(" ~ expression ~ ", chr(1114111)) || chr(1)") -%}
        {%- else -%}
            {{ exceptions.raise_compiler_error("sorted_listagg: kind must be 'number' or 'text', not " ~ kind) }}
        {%- endif -%}
    {%- endfor -%}
    array_to_string(
        list_transform(
            list_sort({% if distinct %}list_distinct({% endif %}
                list(case when ({{ measure }}) is not null
                         then {{ (keys + ['']) | join(' || ') }}chr(2) || ({{ measure }}) end)
                    filter (where ({{ measure }}) is not null)
            {% if distinct %}){% endif %}),
            sorted_item -> substr(sorted_item, strpos(sorted_item, chr(2)) + 1)
        ),
        {{ delimiter }}
    )
{%- endmacro %}
