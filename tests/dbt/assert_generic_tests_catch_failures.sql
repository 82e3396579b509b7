-- The data tests must fail when the data is wrong: each generic test the marts and check models
-- use runs here on a small fixture built to break it, and this test fails if any of them finds
-- nothing.
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

    union all

    {% set check_row = "select 'r1' as report_id, 'Q01' as rule_id, 'total' as scope, "
                       ~ "'blank_as_zero' as blank_handling, " -%}
    select 'check_rows: a status missing', count(*)
    from (
        {{ test_check_rows(model='(' ~ check_row
                                 ~ "null as status, 1 as expected, 1 as actual) as fixture") }}
    ) as found

    union all

    select 'check_rows: an unknown status', count(*)
    from (
        {{ test_check_rows(model='(' ~ check_row
                                 ~ "'passed' as status, 1 as expected, 1 as actual) as fixture") }}
    ) as found

    union all

    select 'check_rows: a key twice', count(*)
    from (
        {{ test_check_rows(model='(' ~ check_row ~ "'pass' as status, 1 as expected, 1 as actual"
                                 ~ ' union all ' ~ check_row
                                 ~ "'fail' as status, 1 as expected, 2 as actual) as fixture") }}
    ) as found

    union all

    select 'check_rows identity: a pass with unequal sides', count(*)
    from (
        {{ test_check_rows(model='(' ~ check_row
                                 ~ "'pass' as status, 1 as expected, 2 as actual) as fixture",
                           identity=true) }}
    ) as found

    union all

    {% set expected_rows = "select 'r1' as report_id, 'total' as applicant_type, 3 as total, "
                           ~ "1 as granted, 2 as partially_granted" -%}
    {% set expectations = {
        'not_null': ['report_id'],
        'accepted_values': {'applicant_type': ['natural_person', 'total']},
        'expressions': ['total = granted + partially_granted'],
        'unique_combination': ['report_id', 'applicant_type'],
    } -%}
    {% for case, fixture in [
        ('a column null', "select null as report_id, 'total', 3, 1, 2"),
        ('a value not accepted', "select 'r2', 'everyone', 3, 1, 2"),
        ('an expression false', "select 'r2', 'total', 4, 1, 2"),
        ('an expression null', "select 'r2', 'total', null, 1, 2"),
        ('a key twice', expected_rows),
        ('a key with a NULL twice (NULLs compare equal)',
         "select 'r3', null, 3, 1, 2 union all select 'r3', null, 3, 1, 2"),
    ] -%}
    select 'row_expectations: {{ case }}', count(*)
    from (
        {{ test_row_expectations(
            model='(' ~ expected_rows ~ ' union all ' ~ fixture ~ ') as fixture', **expectations) }}
    ) as found
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
)

select * from outcomes
where failures = 0
