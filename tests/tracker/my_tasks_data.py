"""A Kitsu film built on the test run's zou and synced into an AXIOM project `film`, for the
"My tasks" and task-link tests."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.core.types import ProjectSpec
from axiom_publisher.publish import catalog
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.tracker.sync import apply_sync, plan_sync, read_tracker
from axiom_publisher.tracker import open_tracker
from axiom_publisher.tracker.credentials import Credentials
from tests.roots import publish_root
from tests.tracker.kitsu_data import KitsuFilm, build_film
from tests.tracker.zou_server import ZouServer


@dataclass
class SyncedFilm:
    film: KitsuFilm
    settings: Settings
    config: Path  # the studio config naming the tracker (no credentials in it)

    def emails_of(self, login: str) -> str:
        """The tracker address of the artist whose login is `login` (artist0 ...)."""
        emails = {email for names in self.film.assignees.values() for email in names}
        (email,) = [email for email in emails if email.split(".", 1)[0] == login]
        return email

    def tasks_of(self, email: str) -> set[str]:
        """Tracker ids of the tasks assigned to `email`."""
        return {task for task, names in self.film.assignees.items() if email in names}


def synced_film(zou: ZouServer, db_url: str, tmp_path: Path, env: dict[str, str]) -> SyncedFilm:
    """3 sequences / 30 shots / 60 tasks on zou, synced into project `film` (64x36 media)."""
    film = build_film(zou)
    config = tmp_path / "studio.toml"
    config.write_text(
        f'[tracker]\nkind = "kitsu"\nurl = "{zou.url}"\ntimeout = 60\n'
        f'[tracker.projects.film]\nname = "{film.name}"\n'
    )
    settings = load_settings(
        dict(env, AXIOM_STUDIO_CONFIG=str(config)),
        db_url=db_url,
        publish_root=publish_root(tmp_path / "publish"),
    )
    with open_catalog_database(settings) as database:
        catalog.create_project(database, ProjectSpec("film", "Film", width=64, height=36))
    tracker = open_tracker(settings.tracker, Credentials(zou.email, zou.password))
    snapshot = read_tracker(settings, "film", tracker)
    apply_sync(settings, plan_sync(settings, "film", snapshot, "kitsu"), snapshot, "kitsu")
    return SyncedFilm(film=film, settings=settings, config=config)
