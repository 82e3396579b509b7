"""Command line of xxgk-warehouse: ingest -> dbt build -> checks -> data-quality report."""
