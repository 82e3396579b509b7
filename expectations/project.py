"""The GX file project under expectations/gx/ and the code that writes its committed JSON.

`python -m expectations.project` (re)writes the datasource, suites, validation definitions and
checkpoints from check_sets.py. It is idempotent: objects that already match are left as they
are, so their ids (and the committed files) stay put. Checking never writes here: validation
results live in memory and Data Docs go to the directory given at run time.
"""

from __future__ import annotations

from pathlib import Path

import great_expectations as gx
from great_expectations.checkpoint import UpdateDataDocsAction
from great_expectations.data_context import FileDataContext
from great_expectations.exceptions import DataContextError

from expectations.check_sets import CHECK_SETS, CheckSet

PROJECT_ROOT = Path(__file__).resolve().parent  # holds gx/
DATASOURCE = "warehouse"
BATCH_DEFINITION = "whole_frame"
DOCS_SITE = "warehouse_site"
# great_expectations.yml sets the Data Docs site's base_directory to ${xxgk_data_docs_dir}.
DOCS_DIR_VARIABLE = "xxgk_data_docs_dir"


def get_context(docs_dir: Path) -> FileDataContext:
    """The committed file context, with Data Docs written to docs_dir."""
    return gx.get_context(
        mode="file",
        project_root_dir=PROJECT_ROOT,
        runtime_environment={DOCS_DIR_VARIABLE: str(docs_dir.resolve())},
    )


def _get_or_none(factory, name: str):
    try:
        return factory.get(name)
    except DataContextError:
        return None


def expectation_signature(expectations: list) -> list[dict]:
    """What an expectation asserts, without its generated id."""
    out = []
    for expectation in expectations:
        config = expectation.configuration.to_json_dict()
        config.pop("id", None)
        out.append(config)
    return out


def _define(context: FileDataContext, check_set: CheckSet) -> None:
    datasource = context.data_sources.all().get(DATASOURCE) or context.data_sources.add_pandas(
        DATASOURCE
    )
    asset = next((a for a in datasource.assets if a.name == check_set.name), None)
    if asset is None:
        asset = datasource.add_dataframe_asset(check_set.name)
    batch = next((b for b in asset.batch_definitions if b.name == BATCH_DEFINITION), None)
    if batch is None:
        batch = asset.add_batch_definition_whole_dataframe(BATCH_DEFINITION)

    wanted = gx.ExpectationSuite(name=check_set.name, expectations=list(check_set.expectations))
    suite = _get_or_none(context.suites, check_set.name)
    if suite is None:
        suite = context.suites.add(wanted)
    elif expectation_signature(suite.expectations) != expectation_signature(wanted.expectations):
        wanted.id = suite.id
        suite = context.suites.add_or_update(wanted)

    validation = gx.ValidationDefinition(name=check_set.name, data=batch, suite=suite)
    existing = _get_or_none(context.validation_definitions, check_set.name)
    if existing is None or existing.data.id != batch.id or existing.suite.id != suite.id:
        validation = context.validation_definitions.add_or_update(validation)
    else:
        validation = existing

    result_format = {
        "result_format": "SUMMARY",
        "unexpected_index_column_names": list(check_set.index_columns),
    }
    checkpoint = gx.Checkpoint(
        name=check_set.name,
        validation_definitions=[validation],
        actions=[UpdateDataDocsAction(name="update_data_docs", site_names=[DOCS_SITE])],
        result_format=result_format,
    )
    current = _get_or_none(context.checkpoints, check_set.name)
    if (
        current is None
        or [v.id for v in current.validation_definitions] != [validation.id]
        or current.result_format != result_format
    ):
        context.checkpoints.add_or_update(checkpoint)


def define_project() -> None:
    """Write every check set into the committed GX project (idempotent)."""
    context = get_context(PROJECT_ROOT / "gx" / "uncommitted" / "data_docs")
    for check_set in CHECK_SETS:
        _define(context, check_set)


if __name__ == "__main__":
    define_project()
