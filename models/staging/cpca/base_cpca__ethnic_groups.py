"""raw.ethnic_groups: cpca's list of the 56 ethnic groups, loaded from the installed package."""

from ingest.regions import ethnic_groups


def model(dbt, session):
    dbt.config(materialized="table", schema="raw", alias="ethnic_groups")
    return ethnic_groups(session)
