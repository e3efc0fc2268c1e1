"""`axiom publish --depends-on` and `axiom deps [--reverse]`: what a version uses and what
uses it, inputs with a newer version marked out of date. SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Axiom

pytestmark = pytest.mark.usefixtures("project")

PLATE = "proj/sh010/main/plate/v001"


def test_depends_on_and_deps_both_ways(axiom: Axiom, media: Path) -> None:
    plate = axiom.publish(media / "seq" / "plate.####.png").json()
    comp = axiom.publish(
        media / "clip.mov", product="comp", flags=("--depends-on", PLATE, "--json")
    ).json()
    uses = axiom.ok("deps", str(comp["id"]), "--json").json()
    assert uses["version"] == "proj/sh010/main/comp/v001"
    assert [(link["version_id"], link["kind"], link["newer"]) for link in uses["links"]] == [
        (plate["id"], "input", None)
    ]
    assert uses["out_of_date"] == []
    used_by = axiom.ok("deps", PLATE, "--reverse", "--json").json()
    assert [link["name"] for link in used_by["links"]] == ["proj/sh010/main/comp/v001"]

    newer = axiom.publish(
        media / "gap" / "plate.####.png", flags=("--json", "--allow-qc-fail", "gap")
    )
    assert newer.code == 0, newer.err
    text = axiom.ok("deps", "proj/sh010/main/comp/v001").out
    assert PLATE in text and "proj/sh010/main/plate/v002" in text
    assert "out of date: 1 input(s) have a newer version" in text
    assert "used by no published version" in axiom.ok("deps", "--reverse", str(comp["id"])).out
    users = axiom.ok("deps", PLATE, "--reverse", "--json").json()
    assert users["newer"] == "proj/sh010/main/plate/v002"
    assert [link["version_id"] for link in users["out_of_date"]] == [comp["id"]]
    said = axiom.ok("deps", PLATE, "--reverse").out
    assert "out of date: proj/sh010/main/plate/v002 is published" in said


def test_depends_on_an_unknown_or_unpublished_version_reserves_nothing(
    axiom: Axiom, media: Path
) -> None:
    for name, words in (
        ("proj/sh010/main/plate/v009", "there is no version proj/sh010/main/plate/v009"),
        ("4242", "4242"),
    ):
        refused = axiom.publish(media / "clip.mov", flags=("--depends-on", name, "--json"))
        assert refused.code == 2, refused.err
        assert words in refused.error()["message"]
    assert axiom.ok("versions", "--json").json() == []
    assert axiom("deps", "proj/sh010/main/nope/v001").code == 2
