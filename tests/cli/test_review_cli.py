"""`axiom review`: the queue, notes, decisions by leads, and the app (or, headless, the
catalogue) for `axiom gui` and a bare `axiom review`."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.conftest import Axiom

SEQUENCE = ("seq", "plate.####.png")


@pytest.fixture
def lead(monkeypatch: pytest.MonkeyPatch) -> str:
    """This workstation's user, listed as a lead (needed on PostgreSQL)."""
    monkeypatch.setenv("AXIOM_USER", "lead.cli")
    monkeypatch.setenv("AXIOM_REVIEW_LEADS", "lead.cli")
    return "lead.cli"


def _publish(axiom: Axiom, media: Path, product: str = "plate") -> int:
    result = axiom.publish(media.joinpath(*SEQUENCE), product=product)
    assert result.code == 0, result.err
    return int(result.json()["id"])


def test_queue_decide_and_notes(axiom: Axiom, project: str, media: Path, lead: str) -> None:
    first = _publish(axiom, media)
    second = _publish(axiom, media)
    comp = _publish(axiom, media, product="comp")
    queue = axiom.ok("review", "queue", "--json").json()
    assert [item["id"] for item in queue] == [comp, second, first]
    assert queue[0]["label"] == "v001" and queue[0]["product"] == "comp"
    verdict = queue[0]["qc"]["verdict"]
    assert [i["id"] for i in axiom.ok("review", "queue", "--qc", verdict, "--json").json()] == [
        comp,
        second,
        first,
    ]
    other = next(v for v in ("pass", "warn", "fail") if v != verdict)
    assert axiom.ok("review", "queue", "--qc", other, "--json").json() == []
    unknown = axiom("review", "queue", "--shot", "nope", "--json")
    assert unknown.code == 2 and "nope" in unknown.error()["message"]
    table = axiom.ok("review", "queue").out
    assert "proj/sh010/main/comp/v001" in table and table.index("comp/v001") < table.index(
        "plate/v002"
    )

    approved = axiom.ok(
        "review", "approve", "proj/sh010/main/plate/v002", "--note", "lovely", "--frame", "1003",
        "--json",
    ).json()  # fmt: skip
    assert approved["version_id"] == second and approved["decision"] == "approved"
    assert (approved["author"], approved["frame"], approved["text"]) == (lead, 1003, "lovely")
    text = axiom.ok("review", "needs-changes", str(comp), "--note", "too dark")
    assert text.out.strip() == f"proj/sh010/main/comp/v001: needs changes by {lead}"
    assert [i["id"] for i in axiom.ok("review", "queue", "--json").json()] == [first]

    axiom.ok("review", "reject", str(first), "--note", "wrong plate", "--frame", "1001")
    notes = axiom.ok("review", "notes", "proj/sh010/main/plate/v001", "--json").json()
    assert notes == [
        {
            "version": "proj/sh010/main/plate/v001",
            "frame": "1001",
            "timecode": "00:00:41:17",
            "author": lead,
            "decision": "rejected",
            "created_at": notes[0]["created_at"],
            "text": "wrong plate",
        }
    ]
    shown = axiom.ok("review", "notes", str(second)).out
    assert "1003" in shown and "lovely" in shown and "approved" in shown
    assert axiom("review", "approve", str(comp + 1000), "--note", "x").code == 2


def test_notes_csv_and_version_names(
    axiom: Axiom, project: str, media: Path, lead: str, tmp_path: Path
) -> None:
    version = _publish(axiom, media)
    assert "no notes on proj/sh010/main/plate/v001" in axiom.ok("review", "notes", "1").out
    axiom.ok("review", "approve", "proj/sh010/main/plate v001", "--note", 'a "quoted", note')
    target = tmp_path / "notes.csv"
    result = axiom.ok("review", "notes", str(version), "--csv", target)
    assert str(target) in result.out
    with open(target, encoding="utf-8", newline="") as stream:
        rows = list(csv.reader(stream))
    assert rows[0] == ["version", "frame", "timecode", "author", "decision", "created_at", "text"]
    assert rows[1][:5] == ["proj/sh010/main/plate/v001", "", "", lead, "approved"]
    assert rows[1][6] == 'a "quoted", note'
    for name in ("proj/sh010/main/plate/v002", "999"):
        missing = axiom("review", "notes", name, "--json")
        assert missing.code == 2 and missing.error()["type"] == "UnknownEntityError"
    bad = axiom("review", "notes", "plate-v001")
    assert bad.code == 2 and "project/entity/task/product/vNNN" in bad.err


def test_a_decision_needs_a_lead(
    axiom: Axiom, project: str, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    version = _publish(axiom, media)
    monkeypatch.setenv("AXIOM_USER", "artist")
    monkeypatch.setenv("AXIOM_REVIEW_LEADS", "sup")
    refused = axiom("review", "approve", str(version), "--note", "ok")
    assert refused.code == 2
    assert "artist is not a review lead" in refused.err and "[review] leads" in refused.err
    as_json = axiom("review", "reject", str(version), "--note", "no", "--json")
    assert as_json.code == 2 and as_json.error()["type"] == "PermissionDeniedError"
    out_of_range = axiom("review", "approve", str(version), "--note", "ok", "--frame", "5")
    assert out_of_range.code == 2, "checked after the lead: artist is refused first"
    assert "not a review lead" in out_of_range.err
    missing_note = axiom("review", "approve", str(version))
    assert missing_note.code == 2 and "--note" in missing_note.err
    monkeypatch.setenv("AXIOM_REVIEW_LEADS", "artist")  # a lead now: only the note is wrong
    for action in ("approve", "needs-changes", "reject"):
        blank = axiom("review", action, str(version), "--note", "  ")
        assert blank.code == 2 and "needs a note" in blank.err, action
        assert "Traceback" not in blank.err
    assert [i["id"] for i in axiom.ok("review", "queue", "--json").json()] == [version]


# -- the app, or the catalogue on a machine without a display -----------------------------


class FakeApp:
    """Stands in for subprocess.call: records the app's command line."""

    def __init__(self) -> None:
        self.commands: list[list[str]] = []

    def __call__(self, command: list[str]) -> int:
        self.commands.append(command)
        return 0


@pytest.fixture
def fake_app(monkeypatch: pytest.MonkeyPatch) -> FakeApp:
    app = FakeApp()
    monkeypatch.setattr(subprocess, "call", app)
    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    return app


@pytest.mark.parametrize("command", [["gui"], ["review"]])
def test_without_a_display_the_catalogue_is_printed(
    axiom: Axiom, project: str, media: Path, fake_app: FakeApp, command: list[str]
) -> None:
    _publish(axiom, media)
    result = axiom(*command)
    assert result.code == 0
    assert fake_app.commands == [], "no app is started without a display"
    assert result.err.count("\n") == 1 and "no display found" in result.err
    assert "needs a desktop" in result.err
    assert result.out == axiom.ok("versions").out
    assert "proj/sh010/main/plate" in result.out


@pytest.mark.parametrize("variable", ["DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"])
def test_with_a_display_the_app_is_started(
    axiom: Axiom, fake_app: FakeApp, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    monkeypatch.setenv(
        variable, {"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}.get(variable, "xcb")
    )
    assert axiom.ok("gui").out == ""
    assert axiom.ok("review").out == ""
    app = [sys.executable, "-m", "axiom_publisher.ui.app"]
    flags = ["--db", axiom.db_url, "--root", str(axiom.root)]
    assert fake_app.commands == [[*app, *flags], [*app, *flags, "--review"]]


def test_without_the_qt_binding_the_app_extra_is_named(
    axiom: Axiom, fake_app: FakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DISPLAY", ":0")
    real_find_spec = importlib.util.find_spec

    def find_spec(name: str, package: str | None = None) -> object:
        return None if name in ("PySide6", "PySide2") else real_find_spec(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    result = axiom("gui")
    assert result.code == 2
    assert "needs PySide6" in result.err and "'.[app]'" in result.err
    assert fake_app.commands == []


def test_a_hosts_pyside2_is_binding_enough(
    axiom: Axiom, fake_app: FakeApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Python 3.10 beside a DCC's PySide2 (tests/run-compat) the app runs through qtpy."""
    monkeypatch.setenv("DISPLAY", ":0")
    real_find_spec = importlib.util.find_spec
    stand_in = real_find_spec("qtpy")  # any module's spec: find_spec only answers "is it there"

    def find_spec(name: str, package: str | None = None) -> object:
        if name in ("PySide6", "PySide2"):
            return stand_in if name == "PySide2" else None
        return real_find_spec(name, package)

    monkeypatch.setattr(importlib.util, "find_spec", find_spec)
    assert axiom.ok("gui").out == ""
    assert fake_app.commands[0][:3] == [sys.executable, "-m", "axiom_publisher.ui.app"]
