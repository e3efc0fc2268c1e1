"""Hostile names are refused with exit 2 and a clear message, or stored verbatim and safely;
nothing ever lands outside the publish root."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.cli.conftest import Axiom

HOSTILE = [
    "..",
    ".",
    "../../etc",
    "../outside",
    "a/../../b",
    "/etc/passwd",
    "/",
    "\\",
    "a\\b",
    "a/b",
    "C:\\Windows",
    "C:",
    "\\\\server\\share",
    "a\x00b",
    "\x00",
    "tab\there",
    "new\nline",
    "bell\x07",
    "CON",
    "con",
    "PRN",
    "AUX",
    "NUL",
    "nul.txt",
    "COM1",
    "com9",
    "LPT1",
    "lpt9.exr",
    "CON.tar.gz",
    "trailingdot.",
    "trailing space ",
    " leading",
    ".hidden",
    "-rf",
    "a" * 65,
    "x" * 300,
    "",
    "x'; DROP TABLE version;--",
    "1 OR 1=1",
    "'; DELETE FROM project; --",
    '"quoted"',
    "$(rm -rf ~)",
    "`id`",
    "a|b",
    "a>b",
    "a*b",
    "a?b",
    "plаte",  # Cyrillic a
    "ｐｌａｔｅ",
    "plate／x",
    "evil\u202egnp.exe",
    "zero\u200bwidth",
    "ﬁle",
    "é",
    "shot%2e%2e",
    "~root",
    "a..b",
]


@pytest.fixture
def ready(axiom: Axiom, tmp_path: Path) -> Path:
    axiom.ok("project", "create", "proj")
    axiom.ok("shot", "create", "proj", "sh010")
    source = tmp_path / "src.bin"
    source.write_bytes(b"payload")
    return source


def test_there_are_at_least_40_hostile_names() -> None:
    assert len(set(HOSTILE)) >= 40


@pytest.mark.parametrize("name", HOSTILE, ids=[repr(n)[:30] for n in HOSTILE])
def test_hostile_names_are_refused_everywhere(
    axiom: Axiom, ready: Path, tmp_path: Path, name: str
) -> None:
    attempts = {
        "project": axiom("project", "create", name, "--json"),
        "shot": axiom("shot", "create", "proj", name, "--json"),
        "asset": axiom("asset", "create", "proj", name, "--json"),
        "product": axiom.publish(ready, product=name),
        "task": axiom(
            "publish",
            ready,
            "--project",
            "proj",
            "--shot",
            "sh010",
            "--product",
            "p",
            "--task",
            name,
            "--json",
        ),
    }
    for field, result in attempts.items():
        assert result.code == 2, (field, result.out, result.err)
        error = result.error()
        assert error["type"] in ("InvalidNameError", "UsageError"), error
        assert field in error["message"] or "argument" in error["message"], error
    assert [p["code"] for p in axiom.ok("project", "list", "--json").json()] == ["proj"]
    assert axiom.ok("versions", "--json").json() == []
    allowed = {
        "publish",
        "axiom.db",
        "axiom.db-wal",
        "axiom.db-shm",
        "src.bin",
        "axiom-data",
        "no-user-config.toml",
    }
    assert set(os.listdir(tmp_path)) <= allowed, "nothing was written outside the publish root"


def test_sql_injection_text_in_a_comment_is_stored_verbatim(axiom: Axiom, ready: Path) -> None:
    comment = 'x\'); DROP TABLE version; -- "quoted" \\ \u202e ünïcødé'
    record = axiom.ok(
        "publish",
        ready,
        "--project",
        "proj",
        "--shot",
        "sh010",
        "--product",
        "plate",
        "--comment",
        comment,
        "--json",
    ).json()
    assert record["comment"] == comment
    assert axiom.ok("versions", "--json").json()[0]["comment"] == comment
