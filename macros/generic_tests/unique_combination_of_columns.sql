{#- Combinations of the given columns that occur more than once (NULLs compare equal);
    macros/repeated_keys.sql finds them. -#}
{% test unique_combination_of_columns(model, combination_of_columns) %}

{{ repeated_keys(model, combination_of_columns) }}

{% endtest %}
