{#-
    Several row-level tests of one relation in one test: columns not null, columns within their
    accepted values (NULL is not a violation: not_null says so), boolean expressions that must be
    true (NULL counts as a failure), and a combination of columns that must be unique. One scan
    (and one grouping for uniqueness, macros/repeated_keys.sql) instead of one test each: on a
    view, each test recomputed the view, and at 100,000 reports that cost minutes. A view is
    read once into a CTE that every part reads; a table is read by each part itself, since
    DuckDB materializes a CTE read twice, every column of it, which cost more than the checks.
    Each failing row names what it breaks (violation) and the key it breaks it at (row_key, the
    unique columns joined by '|').
-#}
{% test row_expectations(model, not_null=[], accepted_values={}, expressions=[],
                         unique_combination=[]) %}
{%- set conditions = [] -%}
{%- for column in not_null -%}
    {%- do conditions.append((column ~ ' is null', column ~ ' is null')) -%}
{%- endfor -%}
{%- for column, values in accepted_values.items() -%}
    {%- do conditions.append((
        column ~ " not in ('" ~ values | join("', '") ~ "')",
        column ~ ' not in accepted values')) -%}
{%- endfor -%}
{%- for expression in expressions -%}
    {%- do conditions.append(('not coalesce((' ~ expression ~ '), false)',
                              'not true: ' ~ expression | replace("'", "''"))) -%}
{%- endfor -%}
{%- set key_parts = [] -%}
{%- for column in unique_combination -%}
    {%- do key_parts.append("coalesce(cast(" ~ column ~ " as " ~ dbt.type_string() ~ "), '')") -%}
    {%- if not loop.last %}{% do key_parts.append("'|'") %}{% endif -%}
{%- endfor -%}
{%- set row_key = dbt.concat(key_parts) if key_parts else "cast(null as " ~ dbt.type_string() ~ ")" %}
{%- set checked_rows = 'checked_rows' if relation_is_view(model) else model %}

with

{% if checked_rows == 'checked_rows' -%}
checked_rows as (
    select * from {{ model }}
),

{% endif -%}
broken_rows as (
    {% if conditions -%}
    select
        case
            {%- for condition, label in conditions %}
            when {{ condition }} then '{{ label }}'
            {%- endfor %}
        end as violation,
        {{ row_key }} as row_key
    from {{ checked_rows }}
    where {% for condition, label in conditions %}({{ condition }}){% if not loop.last %}
        or {% endif %}{% endfor %}
    {%- else -%}
    select
        cast(null as {{ dbt.type_string() }}) as violation,
        cast(null as {{ dbt.type_string() }}) as row_key
    where 1 = 0
    {%- endif %}
),

repeated_keys as (
    {% if unique_combination -%}
    select
        'repeated: {{ unique_combination | join(", ") }}' as violation,
        {{ row_key }} as row_key
    from (
        {{ repeated_keys(checked_rows, unique_combination) | indent(4) }}
    ) as repeated
    {%- else -%}
    select
        cast(null as {{ dbt.type_string() }}) as violation,
        cast(null as {{ dbt.type_string() }}) as row_key
    where 1 = 0
    {%- endif %}
)

select * from broken_rows
union all
select * from repeated_keys

{% endtest %}
