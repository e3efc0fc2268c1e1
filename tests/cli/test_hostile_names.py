"""Hostile names are refused with exit 2 and a clear message, or stored verbatim and safely;
nothing ever lands outside the publish root."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from axiom_publisher.media.synth import write_sequence
from tests.cli.conftest import Axiom, Result

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


# File names that once crashed `qc` / `publish` (fileseq could not parse them), slipped
# through (a non-ASCII digit made fileseq name a file that does not exist) or were taken by
# their name alone (an image without an extension was a checksum-only "other" file).
# (name, content, what AXIOM must make of it):
#   media    an image named as one: checked, published as .png with a proxy
#   unnamed  no usable extension, PNG content: checked and published as .png, format warns
#   other    an extension AXIOM does not know: kept as it is, checksum only
#   lying    a PNG named .exr: the format check fails
#   bare     no extension, not media: qc warns, publish refuses (exit 2) naming the file
HOSTILE_FILES = [
    ("x_2.2.0_error_1_exr", "png", "unnamed"),
    ("1001", "png", "unnamed"),
    ("plate.1001", "png", "unnamed"),
    ("x_v001_1001", "png", "unnamed"),
    ("a.b.c", "png", "other"),
    ("with space.png", "png", "media"),
    ("ünïcødé.png", "png", "media"),
    ("x.١٢.png", "png", "media"),  # Arabic-Indic digits
    ("a#b.png", "png", "media"),
    ("a@b.png", "png", "media"),
    ("lit%04d.png", "png", "media"),
    ("x$F.png", "png", "media"),
    ("x$F4.png", "png", "media"),
    ("x.####.png", "png", "media"),
    ("x.@@.png", "png", "media"),
    ("x.1-5#.png", "png", "media"),
    ("a,b.png", "png", "media"),
    ("a..1001.png", "png", "media"),
    ("-dash.png", "png", "media"),
    ("--double.png", "png", "media"),
    ("1001.png", "png", "media"),
    ("x.-1.png", "png", "media"),
    ("L" * 200 + ".png", "png", "media"),
    ("-1.exr", "png", "lying"),
    ("..exr", "png", "lying"),
    ("notes", "text", "bare"),
    ("data_2.2.0_x", "text", "bare"),
]


@pytest.fixture
def hostile_files(tmp_path: Path) -> list[tuple[Path, str, str]]:
    """Each hostile name in a folder of its own (distinct PNG pictures, or text)."""
    frames = write_sequence(tmp_path / "frames", "f", 1, len(HOSTILE_FILES), 64, 36)
    made = []
    for index, ((name, content, expect), frame) in enumerate(
        zip(HOSTILE_FILES, frames, strict=True)
    ):
        path = tmp_path / "files" / str(index) / name
        path.parent.mkdir(parents=True)
        if content == "png":
            shutil.copyfile(frame, path)
        else:
            path.write_text(f"not a picture {index}\n", encoding="utf-8")
        made.append((path, name, expect))
    return made


@pytest.fixture
def plates(axiom: Axiom) -> Axiom:
    axiom.ok("project", "create", "proj", "--resolution", "64x36")
    axiom.ok("shot", "create", "proj", "sh010")
    return axiom


def _format_check(result: Result) -> dict[str, str]:
    (checked,) = result.json()
    return next(check for check in checked["qc"]["checks"] if check["id"] == "format")


def test_every_hostile_file_name_gets_a_qc_result(
    plates: Axiom, hostile_files: list[tuple[Path, str, str]]
) -> None:
    for path, name, expect in hostile_files:
        result = plates("qc", path, "--project", "proj", "--json")
        assert result.code == (1 if expect == "lying" else 0), (name, result.err)
        check = _format_check(result)
        status = {"media": "pass", "other": "pass", "lying": "fail"}.get(expect, "warn")
        assert check["status"] == status, (name, check)
        if expect == "unnamed":
            assert check["message"] == (
                f"{name} has no extension: the content is an image (PNG), so it is checked "
                "and published as an image with the .png extension; add .png to the name."
            )
        elif expect == "bare":
            assert check["message"].startswith(
                f"{name} has no extension and its content is not an image or movie AXIOM reads"
            ), check
        elif expect == "lying":
            assert f"{name} is a PNG file, not OpenEXR" in check["message"]


def test_every_hostile_file_name_publishes_or_is_refused_with_exit_2(
    plates: Axiom, hostile_files: list[tuple[Path, str, str]]
) -> None:
    for index, (path, name, expect) in enumerate(hostile_files):
        result = plates.publish(path, product=f"p{index}")
        if expect == "lying":
            assert (result.code, result.error()["type"]) == (1, "QCFailedError"), name
            continue
        if expect == "bare":
            assert result.code == 2, (name, result.out)
            error = result.error()
            assert error["type"] == "BadInputError"
            assert error["message"].startswith(f"{path} has no extension"), error
            continue
        assert result.code == 0, (name, result.err)
        record = result.json()
        (published,) = record["files"]
        suffix = ".c" if expect == "other" else ".png"
        assert published["path"].endswith(f"/p{index}_v001{suffix}"), (name, published)
        assert Path(published["path"]).read_bytes() == path.read_bytes()
        assert (record["proxy"] is None) == (expect == "other"), (name, record["proxy"])
    versions = plates.ok("versions", "--json").json()
    assert len(versions) == sum(expect in ("media", "unnamed", "other") for *_, expect in
                                hostile_files)  # fmt: skip
    assert {v["status"] for v in versions} == {"published"}  # no version failed half-way


def test_a_delivery_of_hostile_file_names_ingests_every_file_once(
    plates: Axiom, hostile_files: list[tuple[Path, str, str]], tmp_path: Path
) -> None:
    delivery = tmp_path / "delivery"
    (delivery / "sh010").mkdir(parents=True)
    for path, name, _ in hostile_files:
        shutil.copyfile(path, delivery / "sh010" / name)
    write_sequence(delivery / "sh010", "plate", 1001, 1003, 64, 36)  # a real one among them
    rules = tmp_path / "rules.toml"
    rules.write_text(
        "[[rules]]\npattern = '^(?P<shot>sh010)/'\nproduct = \"plate\"\n", encoding="utf-8"
    )
    result = plates(
        "ingest", delivery, "--project", "proj", "--rules", rules, "--allow-duplicates", "--json"
    )
    assert result.code == 1, result.err  # the lying and bare files fail
    outcomes = {item["display"]: item["outcome"] for item in result.json()["results"]}
    assert outcomes == {  # hidden files (`..exr`) are not part of a delivery
        f"sh010/{name}": "failed" if expect in ("lying", "bare") else "published"
        for _, name, expect in hostile_files
        if not name.startswith(".")
    } | {"sh010/plate.####.png": "published"}


def test_a_file_name_starting_with_a_dash_is_explained_and_works_after_double_dash(
    plates: Axiom, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (frame,) = write_sequence(tmp_path / "frames", "f", 1, 1, 64, 36)
    shutil.copyfile(frame, tmp_path / "-1.png")
    monkeypatch.chdir(tmp_path)
    refused = plates("qc", "-1.png", "--json")
    assert refused.code == 2
    assert refused.error()["message"].endswith(
        "'-1.png' is a file, read as an option: write `-- -1.png` (after the options) or `./-1.png`"
    )
    checked = plates("qc", "--project", "proj", "--json", "--", "-1.png")
    assert checked.code == 0, checked.err
    assert _format_check(checked)["status"] == "pass"
