"""raw.regions: cpca's division table (adcodes.csv), loaded from the installed package."""

from ingest.regions import regions


def model(dbt, session):
    dbt.config(materialized="table", schema="raw", alias="regions")
    return regions(session)
