-- 表二 主动公开政府信息情况 as the 2019 template prints it (国办公开办函〔2019〕60号, used for 2019 and
-- 2020 reports): one row per report, every printed cell a column. Its columns mean other things
-- than the 2021 ones (items made and published, catalogue sizes and changes, procurement), so
-- they stay in their own mart. Incremental by report (macros/incremental_reports.sql); the body
-- is macros/proactive_disclosures.sql.
{{ config(
    materialized='incremental',
    unique_key='report_id',
    incremental_strategy='delete+insert',
    on_schema_change='fail',
    post_hook="{{ delete_superseded_reports(ref('int_reports_scoped')) }}",
) }}
{{ proactive_disclosures_by_template('2019', 'v2019_', ('central_procurement', 'procurement_amount')) }}
