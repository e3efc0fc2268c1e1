"""`axiom playlist create NAME --from-tracker PLAYLIST`: a Kitsu playlist becomes an AXIOM one.

On the real zou: three versions are published through AXIOM (v001 and v002 of s1sh010,
v001 of s1sh020) and pushed (each proxy the preview of its task, revision = number). A
Kitsu playlist holds s1sh020's v001 and s1sh010's v001 previews in that order; the AXIOM
playlist made from it holds exactly those two versions in that order (not v002, whose
preview is on the same task).
"""

from __future__ import annotations

import json
from pathlib import Path

import gazu
import pytest

from tests.tracker.kitsu_data import admin_client
from tests.tracker.outbox_data import on_kitsu, studio
from tests.tracker.zou_server import ZouServer


def test_a_kitsu_playlist_becomes_an_axiom_playlist_of_the_same_versions(
    zou: ZouServer,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    film = studio(zou, f"sqlite:///{tmp_path / 'axiom.db'}", tmp_path, axiom_env, monkeypatch)
    one = film.publish(capsys, "s1sh010")
    two = film.publish(capsys, "s1sh010")
    other = film.publish(capsys, "s1sh020")
    code, text = film.axiom(capsys, "tracker", "push", "--json")
    assert code == 0 and json.loads(text)["counts"]["sent"] == 3, text
    client = admin_client(zou)

    def preview(shot: str, revision: int) -> dict[str, object]:
        (found,) = [
            p for p in on_kitsu(zou, film.task_of(shot)).previews if p["revision"] == revision
        ]  # noqa: E501
        return found

    kitsu = gazu.playlist.new_playlist(film.synced.film.project, "dailies", client=client)
    for shot in ("s1sh020", "s1sh010"):
        entity = film.synced.film.shots[shot]
        gazu.playlist.add_entity_to_playlist(kitsu, entity, preview(shot, 1), client=client)

    code, text = film.axiom(
        capsys, "playlist", "create", "from kitsu", "--from-tracker", "dailies",
        "--project", "film", "--json",
    )  # fmt: skip
    assert code == 0, text
    made = json.loads(text)
    assert made["version_ids"] == [other["id"], one["id"]]
    assert two["id"] not in made["version_ids"] and made["unmatched"] == []

    code, text = film.axiom(
        capsys, "playlist", "create", "x", "--from-tracker", "no such", "--project", "film"
    )
    assert code != 0 and "no playlist 'no such'" in text
