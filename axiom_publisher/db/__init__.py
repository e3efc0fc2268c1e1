"""db layer (see ../shared/DESIGN.md section 2): models, migrations, sessions, repository.

Open with `open_database(url)`; write with `db.run(lambda s: repo.reserve_version(s, ...))`,
read with `with db.session() as s: repo.list_versions(s, ...)`. Repository functions (in
`repo`) take a Session, return core types and never commit.
"""

from sqlalchemy.orm import Session  # re-exported: the type of a repository function's session

from axiom_publisher.db import repo
from axiom_publisher.db.engine import (
    Database,
    check_url,
    make_engine,
    open_database,
    schema_revision,
    upgrade_database,
)
from axiom_publisher.db.schema import head_revision

__all__ = [
    "Database",
    "Session",
    "check_url",
    "head_revision",
    "make_engine",
    "open_database",
    "repo",
    "schema_revision",
    "upgrade_database",
]
