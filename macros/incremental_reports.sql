{#-
    Incremental marts keyed by report (report_id). Facts hold current report versions only; a
    changed file is a new report_id whose rows replace the old version's.

    reports_to_build(reports, compared_columns): a filter for the model's final select. A full
    build takes every report; an incremental run only the current reports the mart does not
    hold yet, plus those whose compared columns (e.g. agency_id, report_scope, from `reports`)
    differ from what the mart holds, so a change in agency resolution reaches the marts without
    a full refresh. delete+insert on report_id then replaces those reports' rows.

    delete_superseded_reports(reports): post-hook SQL that removes the rows of reports that are
    no longer current (an older version of a changed file).
-#}
{% macro reports_to_build(reports, report_id_column='report_id', compared_columns=[]) -%}
    {%- if is_incremental() -%}
    {{ report_id_column }} in (
        select reports_to_build.report_id
        from {{ reports }} as reports_to_build
        left join (
            select distinct
                report_id{% for column in compared_columns %},
                {{ column }}{% endfor %}
            from {{ this }}
        ) as reports_built
            on reports_to_build.report_id = reports_built.report_id
        where reports_built.report_id is null
        {%- for column in compared_columns %}
            or coalesce(reports_built.{{ column }}, '') <> coalesce(reports_to_build.{{ column }}, '')
        {%- endfor %}
    )
    {%- else -%}
    1 = 1
    {%- endif -%}
{%- endmacro %}

{% macro delete_superseded_reports(reports) -%}
    delete from {{ this }}
    where report_id not in (select report_id from {{ reports }})
{%- endmacro %}
