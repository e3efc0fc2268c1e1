"""The repository: every function that takes a Session and returns core types.

`from axiom_publisher.db import repo` then `db.run(lambda s: repo.reserve_version(s, ...))`.
The functions never commit; the caller owns the transaction (`Database.run` or
`Database.session`). They live in entities.py (projects, shots, assets), reservations.py
(reserve / renew), versions.py (facts / commit / fail), queries.py (reads), reviews.py
(review queue, notes, decisions) and dependencies.py (what a version was made from).
"""

from axiom_publisher.db.dependencies import (
    add_dependencies,
    check_dependencies,
    dependencies_of,
    links_of,
    newest_published,
    published_at_folders,
)
from axiom_publisher.db.entities import (
    check_scope,
    create_entity,
    create_project,
    get_entity,
    get_project,
    list_entities,
    list_projects,
)
from axiom_publisher.db.products import check_product, identical_versions, list_products
from axiom_publisher.db.queries import (
    expired_staging,
    find_published_file,
    find_published_files,
    list_versions,
    live_staging,
    version_folders,
)
from axiom_publisher.db.reservations import renew_lease, reserve_version
from axiom_publisher.db.reviews import (
    add_note,
    compare_target,
    get_version,
    is_role_member,
    latest_decisions,
    product_notes,
    queue_choices,
    review_queue,
    version_notes,
)
from axiom_publisher.db.versions import (
    commit_version,
    describe_version,
    fail_version,
    relative_posix,
    set_version_facts,
    version_status,
)

__all__ = [
    "add_dependencies",
    "add_note",
    "check_dependencies",
    "check_product",
    "check_scope",
    "commit_version",
    "compare_target",
    "create_entity",
    "create_project",
    "dependencies_of",
    "links_of",
    "newest_published",
    "published_at_folders",
    "describe_version",
    "expired_staging",
    "fail_version",
    "find_published_file",
    "find_published_files",
    "get_entity",
    "get_project",
    "get_version",
    "identical_versions",
    "is_role_member",
    "latest_decisions",
    "list_entities",
    "list_products",
    "list_projects",
    "list_versions",
    "live_staging",
    "product_notes",
    "queue_choices",
    "relative_posix",
    "renew_lease",
    "reserve_version",
    "review_queue",
    "set_version_facts",
    "version_folders",
    "version_status",
    "version_notes",
]
