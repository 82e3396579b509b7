-- Q12 (内容雷同, spec §2.1 and §5.3: the 东莞市统计局 2010 report repeated 2008's word for word):
-- a report compared with the same agency's report of the previous year, two ways.
--   text     the share of this year's sentences that last year's report also has. A sentence is
--            the text between two 。 with digits and whitespace removed (so a copied sentence
--            with new numbers still counts), at least 15 characters long; sentences are compared
--            by their md5. Fails at 80% or more.
--   figures  the share of T3/T4 cells, printed as figures in both years and non-zero in at least
--            one, whose figure is the same. Fails at 90% or more over at least 5 such cells
--            (small agencies print zeros every year; zeros alone prove nothing).
{% set text_limit = 0.8 %}
{% set figure_limit = 0.9 %}
{% set min_sentence_length = 15 %}
{% set min_figures = 5 %}
with

chain as (
    select * from {{ ref('int_reports_chained_by_agency') }}
    where previous_report_id is not null
        and {{ reports_to_check() }}
),

files as (
    select * from {{ ref('stg_gov_reports__files') }}
),

cells as (
    select * from {{ ref('int_cells_current') }}
    where table_id in ('t3', 't4')
        and cell_status = 'ok'
        and value is not null
),

compared_reports as (
    select report_id from chain
    union
    select previous_report_id as report_id from chain
),

pieces as (
    select
        files.report_id,
        {{ split_to_rows("replace(files.normalized_text, chr(10), '')", '。') }} as piece
    from files
    inner join compared_reports
        on files.report_id = compared_reports.report_id
),

sentences as (
    select distinct
        report_id,
        md5(stripped) as sentence_hash
    from (
        select
            report_id,
            {{ regexp_replace_all('piece', '[0-9\\s]+', '') }} as stripped
        from pieces
    ) as stripped_pieces
    where length(stripped) >= {{ min_sentence_length }}
),

sentence_counts as (
    select
        report_id,
        count(*) as sentence_count
    from sentences
    group by report_id
),

text_shares as (
    select
        chain.report_id,
        count(this_year.sentence_hash) as sentence_count,
        count(last_year.sentence_hash) as repeated_count
    from chain
    inner join sentences as this_year
        on chain.report_id = this_year.report_id
    left join sentences as last_year
        on chain.previous_report_id = last_year.report_id
        and this_year.sentence_hash = last_year.sentence_hash
    group by chain.report_id
),

figure_shares as (
    select
        chain.report_id,
        sum(case when this_year.value <> 0 or last_year.value <> 0 then 1 else 0 end)
            as compared_count,
        sum(case when (this_year.value <> 0 or last_year.value <> 0)
            and this_year.value = last_year.value then 1 else 0 end) as same_count
    from chain
    inner join cells as this_year
        on chain.report_id = this_year.report_id
    inner join cells as last_year
        on chain.previous_report_id = last_year.report_id
        and this_year.table_id = last_year.table_id
        and this_year.row_key = last_year.row_key
        and this_year.col_key = last_year.col_key
    group by chain.report_id
),

compared as (
    select
        chain.report_id,
        chain.previous_report_id,
        chain.report_year,
        coalesce(text_shares.sentence_count, 0) as sentence_count,
        coalesce(text_shares.repeated_count, 0) as repeated_count,
        coalesce(previous_counts.sentence_count, 0) as previous_sentence_count,
        coalesce(figure_shares.compared_count, 0) as compared_count,
        coalesce(figure_shares.same_count, 0) as same_count
    from chain
    left join text_shares
        on chain.report_id = text_shares.report_id
    left join sentence_counts as previous_counts
        on chain.previous_report_id = previous_counts.report_id
    left join figure_shares
        on chain.report_id = figure_shares.report_id
),

final as (
    select
        report_id,
        'Q12' as rule_id,
        'text' as scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        case
            when sentence_count < 5 or previous_sentence_count < 5 then 'not_assessable'
            when repeated_count >= {{ text_limit }} * sentence_count then 'fail'
            else 'pass'
        end as status,
        cast({{ text_limit }} as {{ type_figure() }}) as expected,
        case
            when sentence_count > 0
                then cast(round(1.0 * repeated_count / sentence_count, 4) as {{ type_figure() }})
        end as actual,
        {{ dbt.concat([
            dbt.cast('repeated_count', dbt.type_string()), "' of '",
            dbt.cast('sentence_count', dbt.type_string()), "' sentences also in the '",
            dbt.cast('report_year - 1', dbt.type_string()), "' report '", 'previous_report_id',
            "' (digits ignored; '", dbt.cast('previous_sentence_count', dbt.type_string()),
            "' sentences there)'"
        ]) }} as details,
        cast(null as {{ dbt.type_string() }}) as cell_refs,
        previous_report_id as related_report_id,
        cast(null as {{ dbt.type_string() }}) as evidence_text,
        cast(null as {{ dbt.type_int() }}) as evidence_line
    from compared

    union all

    select
        report_id,
        'Q12' as rule_id,
        'figures' as scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        case
            when compared_count < {{ min_figures }} then 'not_assessable'
            when same_count >= {{ figure_limit }} * compared_count then 'fail'
            else 'pass'
        end as status,
        cast({{ figure_limit }} as {{ type_figure() }}) as expected,
        case
            when compared_count > 0
                then cast(round(1.0 * same_count / compared_count, 4) as {{ type_figure() }})
        end as actual,
        {{ dbt.concat([
            dbt.cast('same_count', dbt.type_string()), "' of '",
            dbt.cast('compared_count', dbt.type_string()),
            "' T3/T4 figures (non-zero in either year) the same as in the '",
            dbt.cast('report_year - 1', dbt.type_string()), "' report '", 'previous_report_id',
            "case when compared_count < " ~ min_figures ~ " then ' (too few to judge)' else '' end"
        ]) }} as details,
        cast(null as {{ dbt.type_string() }}) as cell_refs,
        previous_report_id as related_report_id,
        cast(null as {{ dbt.type_string() }}) as evidence_text,
        cast(null as {{ dbt.type_int() }}) as evidence_line
    from compared
)

select * from final
