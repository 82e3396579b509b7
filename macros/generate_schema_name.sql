{#-
    Schemas are exactly raw, staging, intermediate and marts: a folder's +schema is used as is,
    without dbt's default "<target schema>_" prefix (which would give main_staging, ...).
-#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
