"""Identical content: `[publish] identical` warn (default), refuse and allow, the error of a
bad value naming its file, and `axiom demo` run twice. SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli.conftest import Axiom


def _config(tmp_path: Path, value: str) -> Path:
    path = tmp_path / f"identical-{value}.toml"
    path.write_text(f'[publish]\nidentical = "{value}"\n', encoding="utf-8")
    return path


@pytest.mark.usefixtures("project")
def test_warn_by_default_publishes_and_names_the_version(axiom: Axiom, media: Path) -> None:
    sequence = media / "seq" / "plate.####.png"
    first = axiom.publish(sequence).json()
    assert first["identical_to"] is None and first["identical_to_id"] is None
    again = axiom.publish(sequence, flags=())
    assert again.code == 0
    assert again.out.startswith("published v002")
    assert "identical to v001" in again.err and again.err.startswith("axiom: warning:")
    third = axiom.publish(sequence).json()
    assert third["label"] == "v003" and third["identical_to"] == "v002"
    assert third["identical_to_id"] == first["id"] + 1
    # another product of the project with the same content is named in full
    other = axiom.publish(sequence, product="ref").json()
    assert other["label"] == "v001"
    assert other["identical_to"] == "proj/sh010/main/plate/v001"
    assert other["identical_to_id"] == first["id"]
    # different content says nothing
    fresh = axiom.publish(media / "clip.mov", flags=())
    assert fresh.code == 0 and fresh.err == ""


@pytest.mark.usefixtures("project")
def test_refuse_publishes_nothing(axiom: Axiom, media: Path, tmp_path: Path) -> None:
    sequence = media / "seq" / "plate.####.png"
    first = axiom.publish(sequence).json()
    refuse = _config(tmp_path, "refuse")
    refused = axiom("--config", refuse, "publish", sequence, "--project", "proj", "--shot",
                    "sh010", "--product", "plate", "--json")  # fmt: skip
    assert refused.code == 2 and refused.out == ""
    error = refused.error()
    assert error["type"] == "IdenticalContentError"
    assert "proj/sh010/main/plate/v001" in error["message"]
    assert f"version id {first['id']}" in error["message"]
    assert "identical" in error["message"] and "nothing was published" in error["message"]
    # nothing reserved: no v002, no failed version, the product's counter unchanged
    assert [v["label"] for v in axiom.ok("versions", "--json").json()] == ["v001"]
    product = axiom.ok("product", "list", "proj", "--json").json()[0]
    assert product["last_version"] == 1
    folder = Path(first["path"]).parent
    assert sorted(p.name for p in folder.iterdir()) == ["v001"]
    # other content publishes as usual under refuse
    other = axiom("--config", refuse, "publish", media / "clip.mov", "--project", "proj",
                  "--shot", "sh010", "--product", "plate", "--json")  # fmt: skip
    assert other.code == 0 and other.json()["label"] == "v002"


@pytest.mark.usefixtures("project")
def test_allow_is_silent(axiom: Axiom, media: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AXIOM_IDENTICAL", "allow")
    sequence = media / "seq" / "plate.####.png"
    axiom.publish(sequence)
    again = axiom.publish(sequence, flags=())
    assert again.code == 0 and again.err == "" and "v002" in again.out
    assert axiom.publish(sequence).json()["identical_to"] is None


def test_a_bad_value_names_its_file_and_key(
    axiom: Axiom, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = _config(tmp_path, "sometimes")
    result = axiom("--config", bad, "versions", "--json")
    assert result.code == 2
    message = result.error()["message"]
    assert result.error()["type"] == "ConfigError"
    assert str(bad) in message and "[publish] identical = 'sometimes'" in message
    assert "'warn', 'refuse', 'allow'" in message
    monkeypatch.setenv("AXIOM_IDENTICAL", "never")
    from_env = axiom("versions", "--json")
    assert from_env.code == 2 and "AXIOM_IDENTICAL" in from_env.error()["message"]


def test_demo_twice_publishes_nothing_new(axiom: Axiom) -> None:
    first = axiom.ok("demo", "--json").json()
    assert len(first) == 4
    listed = axiom.ok("versions", "--json").json()
    second = axiom.ok("demo")
    assert "nothing new to publish" in second.out
    assert "already published with this content" in second.out
    assert axiom.ok("versions", "--json").json() == listed
    again = axiom.ok("demo", "--json").json()
    assert [v["id"] for v in again] == [v["id"] for v in first]
    assert all(v["label"] == "v001" for v in again)


def test_ingest_allow_duplicates_publishes_them_even_under_refuse(
    axiom: Axiom, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from axiom_publisher.media.synth import write_clip

    delivery = tmp_path / "delivery"
    write_clip(delivery / "ab010_plate.mov", frames=4, width=64, height=36)
    axiom.ok("project", "create", "proj", "--resolution", "64x36")
    axiom.ok("shot", "create", "proj", "ab010")
    monkeypatch.setenv("AXIOM_IDENTICAL", "refuse")
    first = axiom.ok("ingest", delivery, "--project", "proj", "--json").json()
    assert first["counts"]["published"] == 1
    skipped = axiom.ok("ingest", delivery, "--project", "proj", "--json").json()
    assert skipped["counts"]["duplicate"] == 1 and skipped["counts"]["published"] == 0
    forced = axiom.ok("ingest", delivery, "--project", "proj", "--allow-duplicates", "--json")
    (result,) = forced.json()["results"]
    assert result["outcome"] == "published" and result["version_label"] == "v002"
