-- 表二 主动公开政府信息情况 as the 2021 template prints it (国办公开办函〔2021〕30号): one row per
-- report, every printed cell a column. Incremental by report (macros/incremental_reports.sql);
-- the body is macros/proactive_disclosures.sql.
{{ config(
    materialized='incremental',
    unique_key='report_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ delete_superseded_reports(ref('int_reports_scoped')) }}",
) }}
{{ proactive_disclosures_by_template('2021', '', ('admin_fees', 'amount_10k_yuan')) }}
