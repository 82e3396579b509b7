"""Raw report files -> records -> DuckDB schema `raw`."""

PARSER_VERSION = "0.1.0"
