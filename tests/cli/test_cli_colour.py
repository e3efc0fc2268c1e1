"""Colour QC through the CLI: tagged files pass with no warning, an untagged one warns with
advice that works (the advised `--colorspace` exists and, given, makes it pass), and
`--colorspace` on `qc`, `publish` and `ingest` is checked against the OCIO config."""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest

from axiom_publisher.media.synth import write_clip, write_sequence
from tests.cli.conftest import Axiom

pytestmark = pytest.mark.usefixtures("project")

REC709 = "Rec.1886 Rec.709 - Display"


def colour_check(report: dict[str, Any]) -> dict[str, Any]:
    (check,) = [check for check in report["qc"]["checks"] if check["id"] == "colorspace"]
    return dict(check)


def qc(axiom: Axiom, path: Path | str, *flags: str) -> dict[str, Any]:
    (report,) = axiom.ok("qc", path, "--project", "proj", "--json", *flags).json()
    return dict(report)


def advised_flag(message: str) -> list[str]:
    """The `--colorspace NAME` a warning advises, as a shell would split it."""
    found = re.search(r"e\.g\. (--colorspace '[^']+')", message)
    assert found is not None, message
    return shlex.split(found.group(1))


def test_a_bt709_movie_and_an_acescg_exr_pass_with_no_warning(axiom: Axiom, tmp_path: Path) -> None:
    clip = write_clip(tmp_path / "review.mov", frames=12, width=64, height=36, colour="bt709")
    write_sequence(tmp_path / "exr", "render", 1001, 1010, 64, 36, "exr", colour="acescg")
    for path, expected in ((clip, REC709), (tmp_path / "exr" / "render.####.exr", "ACEScg")):
        report = qc(axiom, path)
        assert report["qc"]["verdict"] == "pass", report["qc"]
        check = colour_check(report)
        assert check["status"] == "pass" and f"'{expected}' (from " in check["message"]


@pytest.mark.parametrize("kind", ["movie", "exr"])
def test_an_untagged_file_warns_and_the_advice_works(
    axiom: Axiom, tmp_path: Path, kind: str
) -> None:
    if kind == "movie":
        path: Path = write_clip(tmp_path / "review.mov", frames=12, width=64, height=36)
    else:
        write_sequence(tmp_path / "exr", "render", 1001, 1010, 64, 36, "exr")
        path = tmp_path / "exr" / "render.####.exr"
    report = qc(axiom, path)
    assert report["qc"]["verdict"] == "warn"
    check = colour_check(report)
    assert check["status"] == "warn" and "unknown" in check["message"]
    flag = advised_flag(check["message"])
    again = qc(axiom, path, *flag)
    assert again["qc"]["verdict"] == "pass", again["qc"]
    assert "given as" in colour_check(again)["message"]


def test_an_unknown_colorspace_is_refused_naming_the_valid_ones(axiom: Axiom, media: Path) -> None:
    for command in (
        ("qc", media / "clip.mov", "--project", "proj"),
        ("publish", media / "clip.mov", "--project", "proj", "--shot", "sh010", "--product", "p"),
        ("ingest", media, "--project", "proj", "--dry-run"),
    ):
        refused = axiom(*command, "--colorspace", "Rec709", "--json")
        assert refused.code == 2, refused.err
        message = refused.error()["message"]
        assert "'Rec709'" in message and "'ACEScg'" in message and f"'{REC709}'" in message
    assert axiom.ok("versions", "--json").json() == []


def test_publish_records_the_given_colour_space(axiom: Axiom, media: Path) -> None:
    record = axiom.publish(media / "clip.mov", flags=("--colorspace", "rec1886_rec709_display",
                                                      "--json")).json()  # fmt: skip
    assert record["qc"]["verdict"] == "pass", record["qc"]
    (stored,) = axiom.ok("versions", "--json").json()
    assert stored["id"] == record["id"]
    check = colour_check(record)
    # the alias is resolved to the config's name before analysis
    assert check["message"].startswith(f"'{REC709}' (given as '{REC709}'; the file: no colour")


def test_ingest_takes_the_colour_space_of_the_delivery(axiom: Axiom, tmp_path: Path) -> None:
    delivery = tmp_path / "delivery"
    write_clip(delivery / "sh010_review.mov", frames=10, width=64, height=36)
    rules = tmp_path / "rules.toml"
    rules.write_text(
        "[[rules]]\npattern = '^(?P<shot>sh\\d{3})_review\\.mov$'\nproduct = \"review\"\n",
        encoding="utf-8",
    )
    dry = ("ingest", delivery, "--project", "proj", "--rules", rules, "--dry-run", "--json")
    plain = axiom.ok(*dry)
    given = axiom.ok(*dry, "--colorspace", REC709)
    assert plain.json()["results"][0]["qc"] == "warn", plain.out
    assert given.json()["results"][0]["qc"] == "pass", given.out


def test_a_watched_drop_folder_takes_the_colour_space_too(axiom: Axiom, tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    write_clip(drop / "vendor_01" / "sh010_review.mov", frames=10, width=64, height=36)
    rules = tmp_path / "rules.toml"
    rules.write_text(
        "[[rules]]\npattern = '^(?P<shot>sh\\d{3})_review\\.mov$'\nproduct = \"review\"\n",
        encoding="utf-8",
    )
    watch = ("ingest", "--watch", drop, "--project", "proj", "--rules", rules, "--once")
    refused = axiom(*watch, "--settle", "0", "--colorspace", "Rec709", "--json")
    assert refused.code == 2 and "'ACEScg'" in refused.error()["message"]
    assert axiom.ok(*watch, "--settle", "0", "--colorspace", REC709).code == 0
    (version,) = axiom.ok("versions", "--json").json()
    assert version["qc"]["verdict"] == "pass", version["qc"]
    assert colour_check(version)["status"] == "pass"


def test_project_create_takes_the_colour_space_ocio_names(axiom: Axiom) -> None:
    refused = axiom("project", "create", "typo", "--colorspace", "ACEScgg")
    assert refused.code == 2
    assert "unknown colour space 'ACEScgg'" in refused.err and "'ACEScg'" in refused.err
    assert "typo" not in axiom.ok("project", "list", "--json").out, "nothing was created"
    created = axiom.ok("project", "create", "aliased", "--colorspace", "acescg", "--json")
    assert created.json()["colorspace"] == "ACEScg", "stored under the config's own name"
