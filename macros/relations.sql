{#-
    ref() and source() without the database (DuckDB catalog) name. DuckDB names a file's catalog
    after the file, and a view stores the names it was created with: a view reading
    "xxgk"."marts"."t" breaks once the file is copied to another name or a BI tool attaches it
    under an alias. Without the catalog, views resolve in whatever catalog holds them.
-#}
{% macro ref() -%}
    {%- set relation = builtins.ref(*varargs, **kwargs) -%}
    {%- if relation is string -%}
        {{ return(relation) }}
    {%- endif -%}
    {{ return(relation.include(database=false)) }}
{%- endmacro %}

{% macro source() -%}
    {%- set relation = builtins.source(*varargs, **kwargs) -%}
    {%- if relation is string -%}
        {{ return(relation) }}
    {%- endif -%}
    {{ return(relation.include(database=false)) }}
{%- endmacro %}
