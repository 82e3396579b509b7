{#-
    repeated_keys(relation, columns): the combinations of the columns that occur more than once
    in the relation (NULLs compare equal), one row each with n_rows. The uniqueness tests
    (macros/generic_tests: unique_combination_of_columns, row_expectations) select from it.

    Grouping millions of rows by several string columns is what those tests spent their time on
    at 100,000 reports (a hash table holding every key). On DuckDB the rows are first grouped by
    a 64-bit hash of the columns, which is equal for equal keys; only the rows of a hash seen
    more than once (none, or a rare collision) are then grouped by the columns themselves, so
    the result is exact. That reads the relation twice: a view (relation_is_view) is read once,
    grouped by the columns, as the second read would compute it again.
-#}
{% macro repeated_keys(relation, columns) -%}
    {%- if relation_is_view(relation) -%}
    {{ return(default__repeated_keys(relation, columns)) }}
    {%- endif -%}
    {{ return(adapter.dispatch('repeated_keys', 'xxgk')(relation, columns)) }}
{%- endmacro %}

{% macro default__repeated_keys(relation, columns) -%}
    select
        {{ columns | join(',\n        ') }},
        count(*) as n_rows
    from {{ relation }}
    group by
        {{ columns | join(',\n        ') }}
    having count(*) > 1
{%- endmacro %}

{% macro duckdb__repeated_keys(relation, columns) -%}
    {%- set key_hash = 'hash(' ~ columns | join(', ') ~ ')' -%}
    select
        {{ columns | join(',\n        ') }},
        count(*) as n_rows
    from {{ relation }}
    where {{ key_hash }} in (
        select {{ key_hash }}
        from {{ relation }}
        group by 1
        having count(*) > 1
    )
    group by
        {{ columns | join(',\n        ') }}
    having count(*) > 1
{%- endmacro %}

{#- Is the relation a view in the warehouse? False for SQL text (a test fixture, or a model
    filtered by a test's where) and a CTE name, and while parsing. -#}
{% macro relation_is_view(relation) -%}
    {%- if not execute or relation is string or relation.identifier is none -%}
        {{ return(false) }}
    {%- endif -%}
    {%- set found = adapter.get_relation(relation.database, relation.schema, relation.identifier) -%}
    {{ return(found is not none and found.type == 'view') }}
{%- endmacro %}
