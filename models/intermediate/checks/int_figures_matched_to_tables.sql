-- Q11 (identity I8): a prose figure that restates a table cell agrees with the table. Prose
-- quotes totals the table may only hold as a sum, so the figure passes when it equals, in order:
--   1 what it claims: the cell (a T3 group the report prints only as items: their sum; a 总计
--     left blank: the applicant types summed), or for a figure stated as an aggregate
--     (予以公开及部分公开, 诉讼, 法人或其他组织申请) the cells it adds up;
--   2 that claim in one applicant column (prose quoting 自然人 only);
--   3 a natural aggregate of the claimed row: received or handled = new_received +
--     carried_over, handled = the outcomes summed, granted = granted + partially_granted.
-- Otherwise it is a mismatch, and the finding names any single cell the figure does equal (a
-- sub-row quoted for its group, one column's cell quoted for a total): the 2019 上海市人民政府
-- 办公厅 report's 258 (予以公开 of 自然人 only, for 予以公开及部分公开 275) and 265 (本机关不掌握
-- only, for 无法提供 337) are such. Blank cells count as 0; when a claimed cell is missing or
-- unreadable, or the figure is approximate (约, 余), the figure is not assessable.
-- evidence lists per check cannot spill: a full build of a large warehouse goes in batches
{{ config(meta={'reports_per_batch': 25000}) }}

{#- a resolved value's text: a printed cell's key and text, or what was summed -#}
{%- set value_text = 'coalesce(derived_text, ' ~ dbt.concat([
    'row_key', "'.'", 'col_key', "'=「'", 'raw_text', "'」@'",
    dbt.cast('cell_line', dbt.type_string())
]) ~ ')' -%}

with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
        and {{ reports_to_check() }}
),

figures as (
    select * from {{ ref('int_figures_current') }}
    where {{ reports_to_check() }}
),

cells as (
    select * from {{ cells_to_check() }}
    where {{ reports_to_check() }}
),

indicators as (
    select * from {{ ref('int_indicators_expanded') }}
),

-- figures stated as a sum of cells that ingest does not map to one cell
aggregate_claims as (
    {% set aggregate_claims = [
        ('applications_granted_or_partially', 't3', 'granted', 'total'),
        ('applications_granted_or_partially', 't3', 'partially_granted', 'total'),
        ('lawsuits', 't4', 'litigation_direct', 'total'),
        ('lawsuits', 't4', 'litigation_after_review', 'total'),
        ('applications_by_individuals', 't3', 'new_received', 'natural_person'),
        ('applications_by_organizations', 't3', 'new_received', 'commercial'),
        ('applications_by_organizations', 't3', 'new_received', 'research'),
        ('applications_by_organizations', 't3', 'new_received', 'social_org'),
        ('applications_by_organizations', 't3', 'new_received', 'legal_service'),
        ('applications_by_organizations', 't3', 'new_received', 'other_org'),
    ] -%}
    {% for figure_key, table_id, row_key, col_key in aggregate_claims -%}
    select
        '{{ figure_key }}' as figure_key,
        '{{ table_id }}' as table_id,
        '{{ row_key }}' as row_key,
        '{{ col_key }}' as col_key
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

-- natural aggregates of a claimed T3 row (rank 3)
alternatives as (
    {% set outcomes = ['granted', 'partially_granted', 'denied', 'unable', 'not_processed',
                       'other_handling'] -%}
    {% set alternative_sets = [
        ('new_received', 'new_received + carried_over', ['new_received', 'carried_over']),
        ('total_handled', 'new_received + carried_over', ['new_received', 'carried_over']),
        ('total_handled', 'the outcomes summed', outcomes),
        ('granted', 'granted + partially_granted', ['granted', 'partially_granted']),
        ('partially_granted', 'granted + partially_granted', ['granted', 'partially_granted']),
    ] -%}
    {% for anchor, label, rows in alternative_sets -%}
    {% set outer = loop -%}
    {% for row_key in rows -%}
    select
        '{{ anchor }}' as anchor_row_key,
        '{{ label }}' as set_label,
        '{{ row_key }}' as row_key
    {% if not (outer.last and loop.last) %}union all{% endif %}
    {% endfor -%}
    {% endfor %}
),

claims as (
    select
        figures.report_id,
        figures.figure_key,
        figures.char_start,
        figures.value,
        figures.is_approximate,
        figures.evidence,
        figures.source_line,
        coalesce(figures.table_id, aggregate_claims.table_id) as table_id,
        coalesce(figures.row_key, aggregate_claims.row_key) as row_key,
        coalesce(figures.col_key, aggregate_claims.col_key) as col_key,
        case
            when figures.table_id is not null
                then {{ dbt.concat([
                    'figures.table_id', "'.'", 'figures.row_key', "'.'", 'figures.col_key', "'#'",
                    dbt.cast('figures.char_start', dbt.type_string())
                ]) }}
            else {{ dbt.concat([
                'aggregate_claims.table_id', "'.'", 'figures.figure_key', "'#'",
                dbt.cast('figures.char_start', dbt.type_string())
            ]) }}
        end as scope,
        case coalesce(figures.table_id, aggregate_claims.table_id)
            when 't2' then reports.t2_status
            when 't3' then reports.t3_status
            when 't4' then reports.t4_status
            else 'absent'
        end as table_status
    from figures
    inner join reports
        on figures.report_id = reports.report_id
    left join aggregate_claims
        on figures.table_id is null
        and figures.figure_key = aggregate_claims.figure_key
        and reports.template_version in ('2021', '2019')
    where figures.table_id is not null
        or aggregate_claims.figure_key is not null
),

claimed_figures as (
    select distinct
        report_id,
        scope,
        figure_key,
        value,
        is_approximate,
        evidence,
        source_line,
        table_id,
        table_status
    from claims
),

-- table values a figure may restate: printed cells (blank = 0, unreadable = NULL) ... A value's
-- text is kept in parts and built only where a figure's value or evidence needs it: at 100,000
-- reports, building it for each of the millions of cells was a large part of this model's time.
cell_values as (
    select
        report_id,
        table_id,
        row_key,
        col_key,
        case when is_blank then 0 else value end as value,
        not is_blank and value is null as is_unreadable,
        is_blank,
        raw_text,
        source_line as cell_line,
        cast(null as {{ dbt.type_string() }}) as derived_text
    from cells
),

-- ... T3 groups printed only as their items, summed per column ...
group_items as (
    {{ t3_group_items('indicators') }}
),

-- groups the report prints as one row (the 2019 其他处理, or a 2021 report doing the same)
printed_groups as (
    select distinct
        cell_values.report_id,
        cell_values.row_key
    from cell_values
    inner join (select distinct group_key from group_items) as outcome_groups
        on cell_values.row_key = outcome_groups.group_key
    where cell_values.table_id = 't3'
),

group_values as (
    select
        cell_values.report_id,
        cell_values.table_id,
        group_items.group_key as row_key,
        cell_values.col_key,
        sum(cell_values.value) as value,
        max(case when cell_values.is_unreadable then 1 else 0 end) = 1 as is_unreadable,
        min(case when cell_values.is_blank then 1 else 0 end) = 1 as is_blank,
        cast(null as {{ dbt.type_string() }}) as raw_text,
        cast(null as {{ dbt.type_int() }}) as cell_line,
        {{ dbt.concat(['group_items.group_key', "' (items summed) ['", 'cell_values.col_key',
                       "']'"]) }} as derived_text
    from cell_values
    inner join group_items
        on cell_values.row_key = group_items.item_key
    left join printed_groups
        on cell_values.report_id = printed_groups.report_id
        and group_items.group_key = printed_groups.row_key
    where cell_values.table_id = 't3'
        and printed_groups.report_id is null
    group by
        cell_values.report_id,
        cell_values.table_id,
        group_items.group_key,
        cell_values.col_key
),

row_values as (
    select * from cell_values
    union all
    select * from group_values
),

-- ... and, where 总计 is blank or missing, the row's parts summed in its place
parts_summed as (
    select
        report_id,
        table_id,
        row_key,
        sum(value) as value,
        max(case when is_unreadable then 1 else 0 end) = 1 as is_unreadable
    from row_values
    where table_id in ('t3', 't4')
        and col_key <> 'total'
    group by
        report_id,
        table_id,
        row_key
),

-- only a blank total (or one of unknown blankness) is looked up in parts_summed: joining every
-- value to it cost as much as the lookups of the terms below
resolved_values as (
    select * from row_values
    where not (col_key = 'total' and is_blank)

    union all

    select row_values.*
    from row_values
    left join parts_summed
        on row_values.report_id = parts_summed.report_id
        and row_values.table_id = parts_summed.table_id
        and row_values.row_key = parts_summed.row_key
    where coalesce(row_values.col_key = 'total' and row_values.is_blank, true)
        and parts_summed.report_id is null

    union all

    select
        parts_summed.report_id,
        parts_summed.table_id,
        parts_summed.row_key,
        'total' as col_key,
        parts_summed.value,
        parts_summed.is_unreadable,
        false as is_blank,
        cast(null as {{ dbt.type_string() }}) as raw_text,
        cast(null as {{ dbt.type_int() }}) as cell_line,
        {{ dbt.concat(['parts_summed.row_key', "' summed over its parts (总计 blank)'"]) }}
            as derived_text
    from parts_summed
    left join row_values as totals
        on parts_summed.report_id = totals.report_id
        and parts_summed.table_id = totals.table_id
        and parts_summed.row_key = totals.row_key
        and totals.col_key = 'total'
    where totals.report_id is null
        or totals.is_blank
),

-- joined to the claims of a total on equal keys: as a cross join, DuckDB estimated the candidate
-- terms at 100 times their number and built term_values' hash table on the millions of values
applicant_types as (
    select
        table_id,
        'total' as total_col_key,
        indicator_key as col_key
    from indicators
    where template_version = '2021'
        and table_id = 't3'
        and kind = 'col'
        and indicator_key <> 'total'
),

-- every natural candidate as a set of terms: one row per (figure, candidate, term)
candidate_terms as (
    -- 1: the claim
    select
        report_id,
        scope,
        1 as candidate_rank,
        'the stated cells' as candidate_label,
        true as is_natural,
        table_id,
        row_key,
        col_key
    from claims

    union all

    -- 2: the claim in one applicant column
    select
        claims.report_id,
        claims.scope,
        2 as candidate_rank,
        {{ dbt.concat(["'one column: '", 'applicant_types.col_key']) }} as candidate_label,
        true as is_natural,
        claims.table_id,
        claims.row_key,
        applicant_types.col_key
    from claims
    inner join applicant_types
        on claims.table_id = applicant_types.table_id
        and claims.col_key = applicant_types.total_col_key

    union all

    -- 3: a natural aggregate of a claimed single row
    select
        claims.report_id,
        claims.scope,
        3 as candidate_rank,
        alternatives.set_label as candidate_label,
        true as is_natural,
        claims.table_id,
        alternatives.row_key,
        claims.col_key
    from claims
    inner join alternatives
        on claims.row_key = alternatives.anchor_row_key
    where claims.table_id = 't3'
        and not exists (
            select 1 from claims as other_terms
            where other_terms.report_id = claims.report_id
                and other_terms.scope = claims.scope
                and other_terms.row_key <> claims.row_key
        )

),

-- each term's value (a key has one value at most), looked up once for both the sums and the
-- texts of the candidates a finding shows
term_values as (
    select
        candidate_terms.*,
        resolved_values.report_id is not null as is_found,
        resolved_values.value,
        resolved_values.is_unreadable,
        resolved_values.raw_text,
        resolved_values.cell_line,
        resolved_values.derived_text
    from candidate_terms
    left join resolved_values
        on candidate_terms.report_id = resolved_values.report_id
        and candidate_terms.table_id = resolved_values.table_id
        and candidate_terms.row_key = resolved_values.row_key
        and candidate_terms.col_key = resolved_values.col_key
),

-- each natural candidate's sums
candidates as (
    select
        report_id,
        scope,
        candidate_rank,
        candidate_label,
        is_natural,
        count(*) as term_count,
        count(case when is_found then 1 end) as found_count,
        sum(case when is_unreadable then 1 else 0 end) as unreadable_count,
        sum(value) as value
    from term_values
    group by
        report_id,
        scope,
        candidate_rank,
        candidate_label,
        is_natural
),

candidates_judged as (
    select
        candidates.*,
        candidates.found_count = candidates.term_count
            and candidates.unreadable_count = 0 as is_complete,
        candidates.found_count = candidates.term_count
            and candidates.unreadable_count = 0
            and candidates.value = claimed_figures.value as is_match
    from candidates
    inner join claimed_figures
        on candidates.report_id = claimed_figures.report_id
        and candidates.scope = claimed_figures.scope
),

best_natural_matches as (
    select * from (
        select
            candidates_judged.*,
            row_number() over (
                partition by report_id, scope
                order by candidate_rank, candidate_label
            ) as match_rank
        from candidates_judged
        where is_match
    ) as ranked
    where match_rank = 1
),

-- 9: else the single value of the table, of all those equal to the figure, first by its text
-- (not a natural reading: it explains a mismatch). Found directly: as candidates, the values
-- equal to some figure were most of this model's rows at 100,000 reports.
single_matches as (
    select
        claimed_figures.report_id,
        claimed_figures.scope,
        min({{ value_text }}) as candidate_label
    from claimed_figures
    inner join resolved_values
        on claimed_figures.report_id = resolved_values.report_id
        and claimed_figures.table_id = resolved_values.table_id
        and claimed_figures.value = resolved_values.value
    where not coalesce(resolved_values.is_unreadable, false)
    group by
        claimed_figures.report_id,
        claimed_figures.scope
),

best_matches_ranked as (
    select
        report_id,
        scope,
        candidate_rank,
        candidate_label,
        is_natural,
        value
    from best_natural_matches

    union all

    select
        single_matches.report_id,
        single_matches.scope,
        9 as candidate_rank,
        single_matches.candidate_label,
        false as is_natural,
        claimed_figures.value
    from single_matches
    inner join claimed_figures
        on single_matches.report_id = claimed_figures.report_id
        and single_matches.scope = claimed_figures.scope
    left join best_natural_matches
        on single_matches.report_id = best_natural_matches.report_id
        and single_matches.scope = best_natural_matches.scope
    where best_natural_matches.report_id is null
),

stated_ranked as (
    select * from candidates_judged
    where candidate_rank = 1
),

-- the stated cells and the best match of each figure: the only candidates whose texts show
shown_candidates as (
    select
        report_id,
        scope,
        candidate_rank,
        candidate_label
    from stated_ranked
    union
    select
        report_id,
        scope,
        candidate_rank,
        candidate_label
    from best_natural_matches
),

shown_terms as (
    select term_values.*
    from term_values
    inner join shown_candidates
        on term_values.report_id = shown_candidates.report_id
        and term_values.scope = shown_candidates.scope
        and term_values.candidate_rank = shown_candidates.candidate_rank
        and term_values.candidate_label = shown_candidates.candidate_label

    union all

    -- a single value's one term (its text is unique in its report's table)
    select
        best_matches_ranked.report_id,
        best_matches_ranked.scope,
        best_matches_ranked.candidate_rank,
        best_matches_ranked.candidate_label,
        best_matches_ranked.is_natural,
        resolved_values.table_id,
        resolved_values.row_key,
        resolved_values.col_key,
        true as is_found,
        resolved_values.value,
        resolved_values.is_unreadable,
        resolved_values.raw_text,
        resolved_values.cell_line,
        resolved_values.derived_text
    from best_matches_ranked
    inner join claimed_figures
        on best_matches_ranked.report_id = claimed_figures.report_id
        and best_matches_ranked.scope = claimed_figures.scope
    inner join resolved_values
        on best_matches_ranked.report_id = resolved_values.report_id
        and claimed_figures.table_id = resolved_values.table_id
    where best_matches_ranked.candidate_rank = 9
        -- a filter, not a join key: as a key, the text would be built for every value
        and coalesce({{ value_text }} = best_matches_ranked.candidate_label, false)
),

candidate_texts as (
    select
        report_id,
        scope,
        candidate_rank,
        candidate_label,
        {{ sorted_listagg(value_text, "' + '", [('row_key', 'text'), ('col_key', 'text')]) }}
            as terms_text
    from shown_terms
    group by
        report_id,
        scope,
        candidate_rank,
        candidate_label
),

-- the printed cells behind each candidate: a group printed only as items names its items
candidate_refs as (
    select
        shown_terms.report_id,
        shown_terms.scope,
        shown_terms.candidate_rank,
        shown_terms.candidate_label,
        {{ sorted_listagg(
            cell_ref('shown_terms.report_id', 'shown_terms.table_id',
                     'coalesce(group_items.item_key, shown_terms.row_key)',
                     'shown_terms.col_key'),
            "';'",
            [('shown_terms.row_key', 'text'), ('group_items.item_key', 'text'),
             ('shown_terms.col_key', 'text')]
        ) }} as cell_refs
    from shown_terms
    left join printed_groups
        on shown_terms.report_id = printed_groups.report_id
        and shown_terms.row_key = printed_groups.row_key
    left join group_items
        on shown_terms.table_id = 't3'
        and shown_terms.row_key = group_items.group_key
        and printed_groups.report_id is null
    group by
        shown_terms.report_id,
        shown_terms.scope,
        shown_terms.candidate_rank,
        shown_terms.candidate_label
),

-- a candidate's printed terms and cell references, joined once for both uses below
candidate_evidence as (
    select
        candidate_texts.*,
        candidate_refs.cell_refs
    from candidate_texts
    inner join candidate_refs
        on candidate_texts.report_id = candidate_refs.report_id
        and candidate_texts.scope = candidate_refs.scope
        and candidate_texts.candidate_rank = candidate_refs.candidate_rank
        and candidate_texts.candidate_label = candidate_refs.candidate_label
),

best_matches as (
    select
        best_matches_ranked.*,
        candidate_evidence.terms_text,
        candidate_evidence.cell_refs
    from best_matches_ranked
    inner join candidate_evidence
        on best_matches_ranked.report_id = candidate_evidence.report_id
        and best_matches_ranked.scope = candidate_evidence.scope
        and best_matches_ranked.candidate_rank = candidate_evidence.candidate_rank
        and best_matches_ranked.candidate_label = candidate_evidence.candidate_label
),

stated as (
    select
        stated_ranked.*,
        candidate_evidence.terms_text,
        candidate_evidence.cell_refs
    from stated_ranked
    inner join candidate_evidence
        on stated_ranked.report_id = candidate_evidence.report_id
        and stated_ranked.scope = candidate_evidence.scope
        and stated_ranked.candidate_rank = candidate_evidence.candidate_rank
        and stated_ranked.candidate_label = candidate_evidence.candidate_label
),

figures_judged as (
    select
        claimed_figures.*,
        stated.value as stated_value,
        stated.is_complete,
        stated.terms_text as stated_text,
        stated.cell_refs as stated_refs,
        best_matches.candidate_label as match_label,
        best_matches.is_natural as is_natural_match,
        best_matches.terms_text as match_text,
        best_matches.cell_refs as match_refs,
        best_matches.value as match_value,
        case
            when claimed_figures.table_status <> 'present' then 'not_assessable'
            when best_matches.is_natural then 'pass'
            when not coalesce(stated.is_complete, false) then 'not_assessable'
            when claimed_figures.is_approximate then 'not_assessable'
            else 'fail'
        end as status
    from claimed_figures
    left join stated
        on claimed_figures.report_id = stated.report_id
        and claimed_figures.scope = stated.scope
    left join best_matches
        on claimed_figures.report_id = best_matches.report_id
        and claimed_figures.scope = best_matches.scope
),

final as (
    select
        report_id,
        'Q11' as rule_id,
        scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        status,
        value as expected,
        case
            when status = 'pass' then match_value
            when table_status = 'present' and is_complete then stated_value
        end as actual,
        {{ dbt.concat([
            "'prose 「'", 'evidence', "'」@'", dbt.cast('source_line', dbt.type_string()), "'; '",
            "case"
            ~ " when table_status <> 'present' then "
            ~ dbt.concat(["'table '", 'table_id', "' is '", 'table_status'])
            ~ " when status = 'pass' and match_label = 'the stated cells' then "
            ~ dbt.concat(["'matches '", 'match_text'])
            ~ " when status = 'pass' then "
            ~ dbt.concat(["'matches '", 'match_label', "': '", 'match_text'])
            ~ " when not coalesce(is_complete, false) then "
            ~ dbt.concat(["'the stated cells are missing or unreadable: '",
                          "coalesce(stated_text, 'none found')"])
            ~ " when is_approximate then "
            ~ dbt.concat(["'approximate figure; the table has '", 'stated_text', "' = '",
                          figure_to_text('stated_value')])
            ~ " else " ~ dbt.concat([
                "'the table has '", 'stated_text', "' = '", figure_to_text('stated_value'),
                "coalesce(" ~ dbt.concat(["'; the figure equals only '", 'match_text']) ~ ", '')"
            ])
            ~ " end"
        ]) }} as details,
        case
            when status = 'fail' and match_refs is not null
                then {{ dbt.concat(['stated_refs', "';'", 'match_refs']) }}
            when status = 'pass' then match_refs
            else stated_refs
        end as cell_refs,
        cast(null as {{ dbt.type_string() }}) as related_report_id,
        evidence as evidence_text,
        source_line as evidence_line
    from figures_judged
)

select * from final
