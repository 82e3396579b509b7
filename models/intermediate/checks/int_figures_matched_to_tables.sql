-- Q11 (identity I8): a prose figure that restates a table cell agrees with the table. Prose often
-- quotes a group total, one column or a sub-row, so before calling it a mismatch the figure is
-- matched, in this order, against: the cell itself; a natural T3 aggregate of the stated row (a
-- group total, new_received + carried_over, granted + partially_granted, the outcomes summed,
-- or any of these summed over the six applicant types when the 总计 column is blank); a sub-row
-- or the parent row in the same column (or summed over applicant types); the same row in another
-- column. Blank cells count as 0; unreadable cells are no evidence.
with

reports as (
    select * from {{ ref('int_reports_versioned') }}
    where is_current
),

figures as (
    select * from {{ ref('int_figures_current') }}
    where table_id is not null
),

cells as (
    select * from {{ ref('int_cells_current') }}
),

t3_wide as (
    select * from {{ ref('int_t3_pivoted_to_applicant_types') }}
),

t3_rows as (
    select * from {{ ref('int_indicators_expanded') }}
    where template_version = '2021'
        and table_id = 't3'
        and kind = 'row'
),

figures_scoped as (
    select
        figures.report_id,
        figures.figure_key,
        figures.char_start,
        figures.table_id,
        figures.row_key,
        figures.col_key,
        figures.value,
        figures.is_approximate,
        figures.evidence,
        figures.source_line,
        case figures.table_id
            when 't2' then reports.t2_status
            when 't3' then reports.t3_status
            when 't4' then reports.t4_status
            else 'absent'
        end as table_status,
        {{ dbt.concat([
            'figures.table_id', "'.'", 'figures.row_key', "'.'", 'figures.col_key', "'#'",
            dbt.cast('figures.char_start', dbt.type_string())
        ]) }} as scope
    from figures
    inner join reports
        on figures.report_id = reports.report_id
),

cells_valued as (
    select
        cells.*,
        case when cells.is_blank then 0 else cells.value end as match_value
    from cells
),

-- T3 rows (printed rows and derived group totals) and natural aggregates, per applicant type
t3_terms as (
    {% set t3_keys = t3_row_keys() + t3_group_keys() -%}
    {% set inflow = null_tolerant_sum(['new_received', 'carried_over']) -%}
    {% set disclosed = null_tolerant_sum(['granted', 'partially_granted']) -%}
    {% set aggregates = [
        ('new_received', inflow, 'new_received + carried_over'),
        ('total_handled', inflow, 'new_received + carried_over'),
        ('total_handled', 'outcomes_summed', 'outcomes summed'),
        ('granted', disclosed, 'granted + partially_granted'),
        ('partially_granted', disclosed, 'granted + partially_granted'),
    ] -%}
    {% for row_key in t3_keys -%}
    select
        report_id,
        applicant_type as col_key,
        '{{ row_key }}' as anchor_row_key,
        '{{ row_key ~ (" (items summed)" if row_key in t3_group_keys() else "") }}' as term_label,
        true as is_row_term,
        {{ row_key }} as term_value
    from t3_wide
    union all
    {% endfor -%}
    {% for anchor_row_key, expression, label in aggregates -%}
    select
        report_id,
        applicant_type as col_key,
        '{{ anchor_row_key }}' as anchor_row_key,
        '{{ label }}' as term_label,
        false as is_row_term,
        {{ expression }} as term_value
    from t3_wide
    {% if not loop.last %}union all{% endif %}
    {% endfor %}
),

-- prose usually states totals: the same terms summed over the six applicant types, which
-- stands in for a 总计 column the report left blank
t3_terms_summed as (
    select
        report_id,
        'total' as col_key,
        anchor_row_key,
        {{ dbt.concat(['term_label', "' summed over applicant types'"]) }} as term_label,
        is_row_term,
        sum(term_value) as term_value
    from t3_terms
    where col_key <> 'total'
    group by
        report_id,
        anchor_row_key,
        term_label,
        is_row_term
),

t3_candidate_terms as (
    select * from t3_terms
    union all
    select * from t3_terms_summed
),

candidates as (
    -- 1: the cell itself
    select
        figures_scoped.report_id,
        figures_scoped.scope,
        1 as match_rank,
        {{ dbt.concat(["'the cell '", 'cells_valued.row_key', "'.'", 'cells_valued.col_key',
                       "'=「'", 'cells_valued.raw_text', "'」@'",
                       dbt.cast('cells_valued.source_line', dbt.type_string())]) }} as candidate_text,
        cells_valued.match_value
    from figures_scoped
    inner join cells_valued
        on figures_scoped.report_id = cells_valued.report_id
        and figures_scoped.table_id = cells_valued.table_id
        and figures_scoped.row_key = cells_valued.row_key
        and figures_scoped.col_key = cells_valued.col_key

    union all

    -- 2: a T3 group total or natural aggregate of the stated row, same column
    select
        figures_scoped.report_id,
        figures_scoped.scope,
        2 as match_rank,
        {{ dbt.concat(['t3_candidate_terms.term_label', "' ['", 't3_candidate_terms.col_key',
                       "']='", figure_to_text('t3_candidate_terms.term_value')]) }} as candidate_text,
        t3_candidate_terms.term_value as match_value
    from figures_scoped
    inner join t3_candidate_terms
        on figures_scoped.report_id = t3_candidate_terms.report_id
        and figures_scoped.col_key = t3_candidate_terms.col_key
        and figures_scoped.row_key = t3_candidate_terms.anchor_row_key
    where figures_scoped.table_id = 't3'

    union all

    -- 3: a sub-row of the stated row, or the group it belongs to, same column (not rows under
    -- （七）总计 for a stated total, nor the total for a stated outcome: those are coincidences)
    select
        figures_scoped.report_id,
        figures_scoped.scope,
        3 as match_rank,
        {{ dbt.concat(["'related row '", 't3_candidate_terms.term_label', "' ['",
                       't3_candidate_terms.col_key', "']='",
                       figure_to_text('t3_candidate_terms.term_value')]) }} as candidate_text,
        t3_candidate_terms.term_value as match_value
    from figures_scoped
    inner join t3_rows as stated_rows
        on figures_scoped.row_key = stated_rows.indicator_key
    inner join t3_rows as related_rows
        on (
            related_rows.parent_key = stated_rows.indicator_key
            and stated_rows.indicator_key <> 'total_handled'
        )
        or (
            related_rows.indicator_key = stated_rows.parent_key
            and related_rows.parent_key = 'total_handled'
        )
    inner join t3_candidate_terms
        on figures_scoped.report_id = t3_candidate_terms.report_id
        and figures_scoped.col_key = t3_candidate_terms.col_key
        and related_rows.indicator_key = t3_candidate_terms.anchor_row_key
    where figures_scoped.table_id = 't3'
        and t3_candidate_terms.is_row_term

    union all

    -- 4: the same row, another column
    select
        figures_scoped.report_id,
        figures_scoped.scope,
        4 as match_rank,
        {{ dbt.concat(["'same row, column '", 'cells_valued.row_key', "'.'", 'cells_valued.col_key',
                       "'=「'", 'cells_valued.raw_text', "'」@'",
                       dbt.cast('cells_valued.source_line', dbt.type_string())]) }} as candidate_text,
        cells_valued.match_value
    from figures_scoped
    inner join cells_valued
        on figures_scoped.report_id = cells_valued.report_id
        and figures_scoped.table_id = cells_valued.table_id
        and figures_scoped.row_key = cells_valued.row_key
        and figures_scoped.col_key <> cells_valued.col_key
),

candidates_ranked as (
    select
        candidates.*,
        row_number() over (
            partition by candidates.report_id, candidates.scope
            order by
                case when candidates.match_value = figures_scoped.value then 0 else 1 end,
                candidates.match_rank,
                candidates.candidate_text
        ) as candidate_rank,
        candidates.match_value = figures_scoped.value as is_match
    from candidates
    inner join figures_scoped
        on candidates.report_id = figures_scoped.report_id
        and candidates.scope = figures_scoped.scope
    -- an unreadable cell is no evidence either way
    where candidates.match_value is not null
),

best_candidates as (
    select * from candidates_ranked
    where candidate_rank = 1
),

figures_judged as (
    select
        figures_scoped.*,
        best_candidates.match_value,
        case
            when figures_scoped.table_status <> 'present' then 'not_assessable'
            when best_candidates.report_id is null then 'not_assessable'
            when best_candidates.is_match then 'pass'
            when figures_scoped.is_approximate then 'not_assessable'
            else 'fail'
        end as status,
        case
            when figures_scoped.table_status <> 'present'
                then {{ dbt.concat([
                    "'table '", 'figures_scoped.table_id', "' is '", 'figures_scoped.table_status'
                ]) }}
            when best_candidates.report_id is null
                then 'no readable cell or aggregate to compare'
            when best_candidates.is_match
                then {{ dbt.concat(["'matches '", 'best_candidates.candidate_text']) }}
            when figures_scoped.is_approximate
                then {{ dbt.concat([
                    "'approximate figure, no exact match; e.g. '", 'best_candidates.candidate_text'
                ]) }}
            else {{ dbt.concat([
                "'no cell or aggregate equals it; '", 'best_candidates.candidate_text'
            ]) }}
        end as finding
    from figures_scoped
    left join best_candidates
        on figures_scoped.report_id = best_candidates.report_id
        and figures_scoped.scope = best_candidates.scope
),

final as (
    select
        report_id,
        'Q11' as rule_id,
        scope,
        cast(null as {{ dbt.type_string() }}) as blank_handling,
        status,
        value as expected,
        case when table_status = 'present' then match_value end as actual,
        {{ dbt.concat([
            "'prose 「'", 'evidence', "'」@'", dbt.cast('source_line', dbt.type_string()),
            "'; '", 'finding'
        ]) }} as details
    from figures_judged
)

select * from final
