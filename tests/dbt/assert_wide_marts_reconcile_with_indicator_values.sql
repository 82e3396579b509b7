-- Every T3/T4 table value in fct_indicator_values appears unchanged in the wide marts
-- (fct_disclosure_requests, fct_reviews_and_litigation) and in the long T3 mart
-- (fct_disclosure_request_cells), and every current cell is in fct_indicator_values exactly once.
-- Each part reads the table values it needs in its own CTE: DuckDB materializes a CTE read more
-- than once (14 million rows at 100,000 reports), which cost more than reading the table again.
-- An incremental build reads the reports it built (macros/incremental_reports.sql,
-- reports_of_this_build): the marts keep every other report's rows as they were.
with

indicator_values as (
    select * from {{ ref('fct_indicator_values') }}
    where value_origin = 'table'
        and {{ reports_of_this_build() }}
),

t3_t4_values as (
    select * from {{ ref('fct_indicator_values') }}
    where value_origin = 'table'
        and table_id in ('t3', 't4')
        and {{ reports_of_this_build() }}
),

t3_values as (
    select * from {{ ref('fct_indicator_values') }}
    where value_origin = 'table'
        and table_id = 't3'
        and {{ reports_of_this_build() }}
),

cells as (
    select * from {{ ref('int_cells_current') }}
    where {{ reports_of_this_build() }}
),

t3_unpivoted as (
    {% for row_key in t3_row_keys() + ['other_handling'] -%}
    select
        report_id,
        '{{ row_key }}' as row_key,
        applicant_type as col_key,
        {{ row_key }} as value
    from {{ ref('fct_disclosure_requests') }}
    where {{ 'is_other_handling_printed' if row_key == 'other_handling' else 'true' }}
        and {{ reports_of_this_build() }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

t4_unpivoted as (
    {% for col_key in t4_outcome_keys() -%}
    select
        report_id,
        block as row_key,
        '{{ col_key }}' as col_key,
        {{ col_key }} as value
    from {{ ref('fct_reviews_and_litigation') }}
    where {{ reports_of_this_build() }}
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

wide as (
    select 't3' as table_id, t3_unpivoted.* from t3_unpivoted
    union all
    select 't4' as table_id, t4_unpivoted.* from t4_unpivoted
),

value_mismatches as (
    select
        'wide value differs' as problem,
        t3_t4_values.report_id,
        t3_t4_values.table_id,
        t3_t4_values.row_key,
        t3_t4_values.col_key
    from t3_t4_values
    left join wide
        on t3_t4_values.report_id = wide.report_id
        and t3_t4_values.table_id = wide.table_id
        and t3_t4_values.row_key = wide.row_key
        and t3_t4_values.col_key = wide.col_key
    where wide.report_id is null
        or not coalesce(
            t3_t4_values.value = wide.value
            or (t3_t4_values.value is null and wide.value is null),
            false
        )
),

missing_cells as (
    select
        'cell missing from fct_indicator_values' as problem,
        cells.report_id,
        cells.table_id,
        cells.row_key,
        cells.col_key
    from cells
    left join indicator_values
        on cells.report_id = indicator_values.report_id
        and cells.table_id = indicator_values.table_id
        and cells.row_key = indicator_values.row_key
        and cells.col_key = indicator_values.col_key
    where indicator_values.report_id is null
),

long_t3 as (
    select * from {{ ref('fct_disclosure_request_cells') }}
    where {{ reports_of_this_build() }}
),

-- a long row must match a T3 value (before, matching a T2/T4 row with the same keys hid it)
long_mismatches as (
    select
        'long T3 value differs' as problem,
        t3_values.report_id,
        t3_values.table_id,
        t3_values.row_key,
        t3_values.col_key
    from t3_values
    full outer join long_t3
        on t3_values.report_id = long_t3.report_id
        and t3_values.row_key = long_t3.row_key
        and t3_values.col_key = long_t3.applicant_type
    where t3_values.report_id is null
        or long_t3.report_id is null
        or not coalesce(
            t3_values.value = long_t3.value
            or (t3_values.value is null and long_t3.value is null),
            false
        )
),

final as (
    select * from value_mismatches
    union all
    select * from missing_cells
    union all
    select * from long_mismatches
)

select * from final
