"""Names a user types: unknown ones are exit 2 with the list command that shows the known
ones (and that command exists); `shot|asset|product list` and `version show`; `verify`
prints each path once and `--repair` restores read-only bits. SQLite and PostgreSQL."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest

from tests.cli.conftest import Axiom

pytestmark = pytest.mark.usefixtures("project")


@pytest.mark.parametrize(
    ("command", "named", "suggested"),
    [
        (["versions", "--project", "nope"], "nope", "axiom project list"),
        (["versions", "--project", "proj", "--shot", "sh999"], "sh999", "axiom shot list proj"),
        (["versions", "--shot", "sh999"], "sh999", "axiom shot list PROJECT"),
        (["versions", "--project", "proj", "--asset", "car"], "car", "axiom asset list proj"),
        (["versions", "--project", "proj", "--product", "nope"], "nope", "axiom product list proj"),
        (["verify", "--project", "nope"], "nope", "axiom project list"),
        (["review", "queue", "--project", "nope"], "nope", "axiom project list"),
        (["review", "queue", "--project", "proj", "--shot", "sh999"], "sh999", "axiom shot list"),
        (["shot", "list", "nope"], "nope", "axiom project list"),
        (["product", "list", "proj", "--shot", "sh999"], "sh999", "axiom shot list proj"),
    ],
)
def test_unknown_names_exit_2_with_the_list_command(
    axiom: Axiom, command: list[str], named: str, suggested: str
) -> None:
    result = axiom(*command, "--json")
    assert result.code == 2, result
    assert result.out == ""
    error = result.error()
    assert error["type"] == "UnknownEntityError"
    assert repr(named) in error["message"] and f"`{suggested}" in error["message"]
    plain = axiom(*command)
    assert plain.code == 2 and plain.err.startswith("axiom: error: there is no")


def test_a_shot_of_another_kind_is_named(axiom: Axiom) -> None:
    result = axiom("versions", "--project", "proj", "--asset", "sh010", "--json")
    assert result.code == 2 and "is a shot, not an asset" in result.error()["message"]


def test_every_suggested_command_runs(axiom: Axiom) -> None:
    suggested: set[str] = set()
    for command in (
        ["versions", "--project", "nope"],
        ["versions", "--project", "proj", "--shot", "sh999"],
        ["versions", "--project", "proj", "--asset", "car"],
        ["versions", "--project", "proj", "--product", "nope"],
    ):
        message = axiom(*command, "--json").error()["message"]
        suggested |= {c for c in re.findall(r"`axiom ([^`]+)`", message) if "list" in c}
    assert suggested == {"project list", "shot list proj", "asset list proj", "product list proj"}
    for command in suggested:
        assert axiom.ok(*command.split(), "--json").json() is not None


def test_shot_and_asset_list(axiom: Axiom) -> None:
    axiom.ok("shot", "create", "proj", "sh020", "--frames", "1001-1048")
    axiom.ok("shot", "create", "proj", "sh030")
    shots = axiom.ok("shot", "list", "proj", "--json").json()
    assert [shot["code"] for shot in shots] == ["sh010", "sh020", "sh030"]
    sh010, sh020, sh030 = shots
    assert sh010["frames"] == [1001, 1010] and sh010["handles"] == 0 == sh010["own_handles"]
    assert sh010["range"] == [1001, 1010] and sh010["kind"] == "shot"
    # no handles of its own: the project's 8
    assert sh020["handles"] == 8 and sh020["own_handles"] is None
    assert sh020["range"] == [993, 1056]
    assert sh030["frames"] is None and sh030["range"] is None
    text = axiom.ok("shot", "list", "proj").out
    assert "1001-1048" in text and "993-1056" in text and "8 (project)" in text
    assert "hero" not in text
    assets = axiom.ok("asset", "list", "proj", "--json").json()
    assert [(a["code"], a["kind"]) for a in assets] == [("hero", "asset")]
    assert axiom.ok("asset", "list", "proj").out.split() == ["hero"]
    axiom.ok("project", "create", "empty")
    assert axiom.ok("shot", "list", "empty", "--json").json() == []
    assert axiom.ok("shot", "list", "empty").out.strip() == "no shots in empty"


def test_product_list_counts_versions(axiom: Axiom, media: Path) -> None:
    assert axiom.ok("product", "list", "proj").out.strip() == "no products in proj"
    axiom.publish(media / "seq" / "plate.####.png")
    axiom.publish(media / "clip.mov")
    axiom.publish(media / "clip.mov", product="ref", shot="hero", flags=("--json",))
    products = axiom.ok("product", "list", "proj", "--json").json()
    assert [(p["entity"], p["task"], p["product"]) for p in products] == [
        ("sh010", "main", "plate")
    ], "hero is an asset: --shot hero publishes nothing"
    assert products[0]["last_version"] == 2 and products[0]["published"] == 2
    assert products[0]["latest_published"] == 2 and products[0]["entity_kind"] == "shot"
    axiom.ok("publish", media / "clip.mov", "--project", "proj", "--asset", "hero",
             "--product", "turntable")  # fmt: skip
    only_hero = axiom.ok("product", "list", "proj", "--asset", "hero", "--json").json()
    assert [(p["entity"], p["product"], p["published"]) for p in only_hero] == [
        ("hero", "turntable", 1)
    ]
    table = axiom.ok("product", "list", "proj").out
    assert "turntable" in table and "v002" in table


def test_version_show_by_id_and_by_name(axiom: Axiom, media: Path) -> None:
    published = axiom.publish(media / "seq" / "plate.####.png").json()
    by_id = axiom.ok("version", "show", str(published["id"]), "--json").json()
    listed = axiom.ok("versions", "--json").json()[0]
    # the same version as `versions` lists it (show fills in the project's fps of stills)
    assert {k: v for k, v in by_id.items() if k != "media"} == {
        k: v for k, v in listed.items() if k != "media"
    }
    assert by_id["label"] == "v001" and len(by_id["files"]) == 10
    by_name = axiom.ok("version", "show", "proj/sh010/main/plate/v001", "--json").json()
    assert by_name == by_id
    text = axiom.ok("version", "show", str(published["id"])).out
    assert f"proj/sh010/main/plate/v001 (id {published['id']})" in text
    assert published["path"] in text and "plate_v001.1001.png" in text
    assert "qc pass" in text or "qc warn" in text
    missing = axiom("version", "show", "4242", "--json")
    assert missing.code == 2 and "4242" in missing.error()["message"]


def _make_writable(path: Path) -> None:
    os.chmod(path, stat.S_IMODE(path.stat().st_mode) | stat.S_IWUSR)


def test_verify_names_each_path_once_and_repair_restores_read_only(
    axiom: Axiom, media: Path
) -> None:
    published = axiom.publish(media / "seq" / "plate.####.png").json()
    intact = Path(published["files"][0]["path"])
    changed = Path(published["files"][1]["path"])
    _make_writable(intact)
    _make_writable(changed)
    changed.write_bytes(changed.read_bytes()[:-1] + b"\0")

    found = axiom("verify")
    assert found.code == 1
    lines = [line for line in found.out.splitlines() if line.startswith("PROBLEM")]
    assert len(lines) == 3  # intact: writable; changed: sha256 and writable
    for line in lines:
        path = str(intact) if str(intact) in line else str(changed)
        assert line.count(path) == 1, line
    assert "axiom verify --repair" in found.out

    repaired = axiom("verify", "--repair", "--json")
    assert repaired.code == 1  # the changed file is still a problem
    problems = repaired.json()["problems"]
    by_kind = {(Path(p["path"]).name, p["kind"]): p for p in problems}
    assert by_kind[(intact.name, "writable")]["repaired"] is True
    assert by_kind[(changed.name, "writable")]["repaired"] is False
    assert "not made read-only" in by_kind[(changed.name, "writable")]["message"]
    assert stat.S_IMODE(intact.stat().st_mode) & 0o222 == 0
    assert stat.S_IMODE(changed.stat().st_mode) & stat.S_IWUSR
    assert any(str(intact) in line and "read-only" in line for line in repaired.json()["repairs"])

    again = axiom("verify", "--json").json()
    assert {(Path(p["path"]).name, p["kind"]) for p in again["problems"]} == {
        (changed.name, "sha256"),
        (changed.name, "writable"),
    }


def test_verify_repair_makes_a_clean_area_again(axiom: Axiom, media: Path) -> None:
    published = axiom.publish(media / "clip.mov").json()
    for entry in published["files"]:
        _make_writable(Path(entry["path"]))
    assert axiom("verify").code == 1
    fixed = axiom("verify", "--repair")
    assert fixed.code == 0 and "repaired" in fixed.out
    assert axiom("verify").out.strip().endswith(": clean")
