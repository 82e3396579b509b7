{#- Types and small expressions used across layers, written once so a Spark target only needs
    these macros (and dbt's cross-database ones) to change. -#}

{#- Printed figures: counts and 万元 amounts with up to 4 decimals. -#}
{% macro type_figure() -%}
    decimal(18, 4)
{%- endmacro %}

{#- Cast printed decimal text to a figure; unreadable text becomes NULL, never 0. -#}
{% macro cast_figure(column) -%}
    {{ dbt.safe_cast(column, type_figure()) }}
{%- endmacro %}

{#- A figure as short text for evidence strings: 15 rather than 15.0000. -#}
{% macro figure_to_text(expression) -%}
    case
        when {{ expression }} is null then 'NULL'
        when {{ expression }} = floor({{ expression }})
            then {{ dbt.cast(dbt.cast(expression, dbt.type_bigint()), dbt.type_string()) }}
        else {{ dbt.cast(expression, dbt.type_string()) }}
    end
{%- endmacro %}

{#- Sum of several columns that ignores NULLs but stays NULL when every term is NULL. -#}
{% macro null_tolerant_sum(columns) -%}
    case
        when {% for column in columns %}{{ column }} is null{% if not loop.last %} and {% endif %}{% endfor %}
            then null
        else {% for column in columns %}coalesce({{ column }}, 0){% if not loop.last %} + {% endif %}{% endfor %}
    end
{%- endmacro %}

{#- Position of a row in its table as scanned (a seed keeps its file order). -#}
{% macro scan_order() -%}
    {{ return(adapter.dispatch('scan_order', 'xxgk')()) }}
{%- endmacro %}

{% macro default__scan_order() -%}
    row_number() over ()
{%- endmacro %}

{% macro spark__scan_order() -%}
    row_number() over (order by monotonically_increasing_id())
{%- endmacro %}

{#- dbt's default safe_cast is a plain cast, which fails a whole query on one unreadable value;
    DuckDB has try_cast (root-project macros take precedence in dbt's dispatch). -#}
{% macro duckdb__safe_cast(field, type) -%}
    try_cast({{ field }} as {{ type }})
{%- endmacro %}

{#- Shares, ratios and coordinates: a double (dbt.type_float() is a 4-byte float on DuckDB). -#}
{% macro type_double() -%}
    {{ return(adapter.dispatch('type_double', 'xxgk')()) }}
{%- endmacro %}

{% macro default__type_double() -%}
    double precision
{%- endmacro %}

{% macro spark__type_double() -%}
    double
{%- endmacro %}

{#- numerator / denominator as a share; NULL (never an error or 0) when either side is NULL or
    the denominator is 0. -#}
{% macro safe_divide(numerator, denominator) -%}
    case
        when {{ denominator }} is null or {{ denominator }} = 0 then null
        else {{ dbt.cast(numerator, type_double()) }} / {{ dbt.cast(denominator, type_double()) }}
    end
{%- endmacro %}
