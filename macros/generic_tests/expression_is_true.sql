{#- Rows where a boolean SQL expression is not true (NULL counts as a failure). -#}
{% test expression_is_true(model, expression, where=none) %}

select *
from {{ model }}
where not coalesce(({{ expression }}), false)
{%- if where %}
    and ({{ where }})
{%- endif %}

{% endtest %}
