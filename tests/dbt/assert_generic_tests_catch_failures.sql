-- The data tests must fail when the data is wrong: each generic test the marts use runs here on
-- a small fixture built to break it, and this test fails if any of them finds nothing.
with

outcomes as (
    select 'expression_is_true' as data_test, count(*) as failures
    from (
        {{ test_expression_is_true(
            model='(select 12 as inflow, 11 as outflow) as fixture',
            expression='inflow = outflow') }}
    ) as found

    union all

    select 'expression_is_true treats NULL as a failure', count(*)
    from (
        {{ test_expression_is_true(
            model='(select cast(null as integer) as inflow, 1 as outflow) as fixture',
            expression='inflow = outflow') }}
    ) as found

    union all

    select 'unique_combination_of_columns', count(*)
    from (
        {{ test_unique_combination_of_columns(
            model="(select 'r1' as report_id, 'total' as applicant_type union all "
                  ~ "select 'r1', 'total') as fixture",
            combination_of_columns=['report_id', 'applicant_type']) }}
    ) as found

    union all

    select 'accepted_range', count(*)
    from (
        {{ test_accepted_range(
            model='(select -0.5 as granted_share) as fixture',
            column_name='granted_share', min_value=0) }}
    ) as found

    union all

    select 'unique', count(*)
    from (
        {{ test_unique(
            model="(select 'a1' as agency_id union all select 'a1') as fixture",
            column_name='agency_id') }}
    ) as found

    union all

    select 'accepted_values', count(*)
    from (
        {{ test_accepted_values(
            model="(select 'everything' as report_scope) as fixture",
            column_name='report_scope',
            values=['agency_self', 'government_own_level', 'region_aggregate']) }}
    ) as found

    union all

    select 'relationships', count(*)
    from (
        {{ test_relationships(
            model="(select 'missing' as agency_id) as fixture",
            column_name='agency_id', to=ref('dim_agency'), field='agency_id') }}
    ) as found
)

select * from outcomes
where failures = 0
