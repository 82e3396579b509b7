{#-
    incremental_by_report: the check models' materialization (models/intermediate/checks). Like
    dbt-duckdb's incremental with strategy append (the model's pre-hook deletes the rows it
    recomputes; macros/incremental_reports.sql), except that a full build runs the model's SQL
    once per batch of reports, each batch a separate statement inserting into the new table.

    Why: evidence strings are lists aggregated per check, and DuckDB cannot spill a list or string
    aggregate to disk; over 100,000 reports one statement needed more memory than the whole build
    may take. Batches bound it by the batch instead of the warehouse. The batch is the report
    filter of reports_to_check(): hash(report_id) % 1 = 0 in the compiled SQL becomes
    hash(report_id) % <batches> = <batch>. Models whose state spills need no batches: only those
    that set meta.reports_per_batch get them, and only on a full build of more reports than
    that; an incremental build runs the SQL once (its reports are few).
-#}
{% materialization incremental_by_report, adapter='duckdb' %}

  {%- set existing_relation = load_cached_relation(this) -%}
  {%- set target_relation = this.incorporate(type='table') -%}
  {%- set full_refresh = should_full_refresh() or existing_relation is none
        or existing_relation.is_view -%}
  {%- set intermediate_relation = make_intermediate_relation(target_relation) -%}
  {%- set backup_relation = make_backup_relation(target_relation, 'table') -%}
  {{ drop_relation_if_exists(load_cached_relation(intermediate_relation)) }}
  {{ drop_relation_if_exists(load_cached_relation(backup_relation)) }}

  {%- set batches = 1 -%}
  {%- set per_batch = (config.get('meta') or {}).get('reports_per_batch') -%}
  {%- if full_refresh and per_batch -%}
    {%- set counted = run_query('select count(*) from ' ~ ref('int_reports_scoped')) -%}
    {%- set batches = [1, ((counted.columns[0].values()[0] + per_batch - 1) // per_batch) | int] | max -%}
  {%- endif -%}

  {{ run_hooks(pre_hooks, inside_transaction=False) }}
  -- `BEGIN` happens here:
  {{ run_hooks(pre_hooks, inside_transaction=True) }}

  {%- set build_relation = intermediate_relation if full_refresh else target_relation -%}
  {%- for batch in range(batches) -%}
    {%- set batch_sql = compiled_code | replace(report_batch_marker(1, 0),
                                                report_batch_marker(batches, batch)) -%}
    {%- call statement('main' if loop.last else 'batch_' ~ batch) -%}
      {%- if full_refresh and loop.first -%}
        {{ create_table_as(False, intermediate_relation, batch_sql) }}
      {%- else -%}
        insert into {{ build_relation }} {{ batch_sql }}
      {%- endif -%}
    {%- endcall -%}
  {%- endfor -%}

  {%- if full_refresh -%}
    {%- if existing_relation is not none -%}
      {{ adapter.rename_relation(existing_relation, backup_relation) }}
    {%- endif -%}
    {{ adapter.rename_relation(intermediate_relation, target_relation) }}
  {%- endif -%}

  {% do persist_docs(target_relation, model) %}

  {{ run_hooks(post_hooks, inside_transaction=True) }}
  -- `COMMIT` happens here
  {% do adapter.commit() %}
  {% if full_refresh and existing_relation is not none %}
    {% do adapter.drop_relation(backup_relation) %}
  {% endif %}
  {{ run_hooks(post_hooks, inside_transaction=False) }}

  {{ return({'relations': [target_relation]}) }}

{%- endmaterialization %}

{#- The batch condition's tail in compiled SQL: '% 1 = 0 /* report batch */' selects every
    report; the materialization replaces it per batch. -#}
{% macro report_batch_marker(batches, batch) -%}
    % {{ batches }} = {{ batch }} /* report batch */
{%- endmacro %}
