"""The "My tasks" of a person: the synced tracker tasks (`axiom tracker sync`) assigned
to them, the login mapped to the tracker's person by [tracker.people] and each task type to
the studio's task name by [tracker.tasks] (per project: [tracker.projects.CODE]).

Read from the database only (the tracker is never asked here), so the Publish tab lists
them at once and offline; a sync brings new assignments in.
"""

from __future__ import annotations

from axiom_publisher.config import Settings
from axiom_publisher.core.my_tasks import MyTask
from axiom_publisher.core.user import current_user
from axiom_publisher.db.my_tasks import assigned_tasks
from axiom_publisher.publish.database import open_catalog_database


def my_tasks(
    settings: Settings, user: str | None = None, project: str | None = None
) -> list[MyTask]:
    """The tasks assigned to `user` (default: AXIOM's current user), by project and shot."""
    who = user if user is not None else current_user()
    with open_catalog_database(settings) as database:
        names = settings.tracker.names_for
        return database.run(lambda session: assigned_tasks(session, who, project, names))
