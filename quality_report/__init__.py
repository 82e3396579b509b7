"""Static, offline HTML data-quality report over the warehouse: `write_report(db_path, out_dir)`."""

from quality_report.site import write_report

__all__ = ["write_report"]
