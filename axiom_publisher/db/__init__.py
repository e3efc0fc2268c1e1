"""db layer (see ../shared/DESIGN.md section 2): models, migrations, sessions, repository.

Open with `open_database(url)`; write with `db.run(lambda s: reserve_version(s, ...))`,
read with `with db.session() as s: list_versions(s, ...)`. Repository functions take a
Session, return core types and never commit.
"""

from axiom_publisher.db import repo
from axiom_publisher.db.engine import (
    Database,
    make_engine,
    open_database,
    schema_revision,
    upgrade_database,
)
from axiom_publisher.db.repo import (
    commit_version,
    create_entity,
    create_project,
    describe_version,
    expired_staging,
    fail_version,
    find_published_file,
    find_published_files,
    get_entity,
    get_project,
    list_entities,
    list_projects,
    list_versions,
    renew_lease,
    reserve_version,
    set_version_facts,
    version_folders,
)
from axiom_publisher.db.schema import head_revision

__all__ = [
    "Database",
    "commit_version",
    "create_entity",
    "create_project",
    "describe_version",
    "expired_staging",
    "fail_version",
    "find_published_file",
    "find_published_files",
    "get_entity",
    "get_project",
    "head_revision",
    "list_entities",
    "list_projects",
    "list_versions",
    "make_engine",
    "open_database",
    "repo",
    "renew_lease",
    "reserve_version",
    "schema_revision",
    "set_version_facts",
    "upgrade_database",
    "version_folders",
]
