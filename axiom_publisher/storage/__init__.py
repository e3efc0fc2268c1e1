"""The publish area on disk (see ../shared/DESIGN.md sections 2 and 3).

Path templates to paths (`PublishLayout`), staging and atomic placement of a version's
files (`Stager`), and integrity checks (`check_file`, `scan_area`, `quarantine`).
Standard library, `axiom_publisher.core` and `axiom_publisher.config` only: no database.
"""

from axiom_publisher.core.permissions import READ_ONLY_FOLDER
from axiom_publisher.storage.files import check_file_name
from axiom_publisher.storage.fs import area_error
from axiom_publisher.storage.layout import QUARANTINE_NAME, STAGING_MARK, PublishLayout
from axiom_publisher.storage.staging import READ_ONLY_FILE, Stager
from axiom_publisher.storage.verify import (
    AreaScan,
    StagingFolder,
    check_file,
    make_read_only,
    quarantine,
    scan_area,
)

__all__ = [
    "QUARANTINE_NAME",
    "READ_ONLY_FILE",
    "READ_ONLY_FOLDER",
    "STAGING_MARK",
    "AreaScan",
    "PublishLayout",
    "Stager",
    "StagingFolder",
    "area_error",
    "check_file",
    "check_file_name",
    "make_read_only",
    "quarantine",
    "scan_area",
]
