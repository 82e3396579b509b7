{#- Regular expressions, written once per adapter: dbt has no cross-database macros for them.
    default__ is DuckDB's syntax (also PostgreSQL's for replace); spark__ is Spark SQL's. -#}

{#- True when string contains a match of pattern. -#}
{% macro regex_contains(string, pattern) -%}
    {{ return(adapter.dispatch('regex_contains', 'xxgk')(string, pattern)) }}
{%- endmacro %}

{% macro default__regex_contains(string, pattern) -%}
    regexp_matches({{ string }}, {{ pattern }})
{%- endmacro %}

{% macro spark__regex_contains(string, pattern) -%}
    ({{ string }} rlike {{ pattern }})
{%- endmacro %}

{#- The text of capture group `group` (0: the whole match) of the first match; '' when none. -#}
{% macro regex_extract(string, pattern, group=0) -%}
    {{ return(adapter.dispatch('regex_extract', 'xxgk')(string, pattern, group)) }}
{%- endmacro %}

{% macro default__regex_extract(string, pattern, group=0) -%}
    regexp_extract({{ string }}, {{ pattern }}, {{ group }})
{%- endmacro %}

{% macro spark__regex_extract(string, pattern, group=0) -%}
    regexp_extract({{ string }}, {{ pattern }}, {{ group }})
{%- endmacro %}

{#- Every match of pattern replaced. -#}
{% macro regex_replace(string, pattern, replacement) -%}
    {{ return(adapter.dispatch('regex_replace', 'xxgk')(string, pattern, replacement)) }}
{%- endmacro %}

{% macro default__regex_replace(string, pattern, replacement) -%}
    regexp_replace({{ string }}, {{ pattern }}, {{ replacement }}, 'g')
{%- endmacro %}

{% macro spark__regex_replace(string, pattern, replacement) -%}
    regexp_replace({{ string }}, {{ pattern }}, {{ replacement }})
{%- endmacro %}

{#- A short stable key from text: the first 16 hex digits of its md5 (like report_id). -#}
{% macro short_hash(expression) -%}
    substr({{ dbt.hash(expression) }}, 1, 16)
{%- endmacro %}
