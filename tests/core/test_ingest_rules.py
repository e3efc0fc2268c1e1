"""Ingest naming rules and the [ingest] config section (pure: no database, no media)."""

from __future__ import annotations

from pathlib import Path

import pytest

from axiom_publisher.config import load_settings
from axiom_publisher.config.ingest import parse_ingest_settings, read_rules_file
from axiom_publisher.core.errors import BadInputError, ConfigError, InvalidNameError
from axiom_publisher.core.ingest import IngestRule
from axiom_publisher.core.types import EntityKind, PublishContext


def test_a_rule_gives_entity_task_and_product_from_groups_or_its_defaults() -> None:
    rule = IngestRule(r"(?P<shot>[a-z]{2}\d{3})_(?P<product>plate|ref)")
    assert rule.match("p", "v1/ab010_ref.####.exr") == PublishContext("p", "ab010", "plate", "ref")
    assert rule.match("p", "ab010_comp.mov") is None
    named = IngestRule(r"^(?P<entity>\w+)/(?P<task>\w+)/", EntityKind.ASSET, product="geo")
    assert named.match("p", "hero/model/hero.abc") == PublishContext(
        "p", "hero", "model", "geo", EntityKind.ASSET
    )
    assert IngestRule(r"(?P<asset>tree)").match("p", "tree.usd") == PublishContext(
        "p", "tree", "plate", "plate", EntityKind.ASSET
    )
    with pytest.raises(InvalidNameError):
        IngestRule(r"(?P<shot>[^/]+)\.mov").match("p", "..mov")
    with pytest.raises(BadInputError, match="no named group"):
        IngestRule(r"ab\d+").compiled()
    with pytest.raises(BadInputError, match="not a valid regular expression"):
        IngestRule(r"(?P<shot>").compiled()


def test_the_config_section_validates_and_orders_project_rules_first(tmp_path: Path) -> None:
    settings = parse_ingest_settings(
        {
            "rules": [{"pattern": r"(?P<shot>sh\d+)"}],
            "settle_seconds": 5,
            "workers": 3,
            "projects": {"film": {"rules": [{"pattern": r"(?P<shot>F\d+)", "task": "scan"}]}},
        }
    )
    assert [r.pattern for r in settings.rules_for("film")] == [
        r"(?P<shot>F\d+)",
        r"(?P<shot>sh\d+)",
    ]
    assert [r.pattern for r in settings.rules_for("other")] == [r"(?P<shot>sh\d+)"]
    assert (settings.settle_seconds, settings.workers, settings.on_qc_fail) == (5.0, 3, "fail")
    for bad, message in [
        ({"rules": [{"pattern": "x"}]}, "no named group"),
        ({"rules": [{"pattern": r"(?P<shot>x)", "kind": "sequence"}]}, "not shot or asset"),
        ({"rules": [{"pattern": r"(?P<shot>x)", "colour": "red"}]}, "ingest.rules"),
        ({"rules": {"pattern": "x"}}, "array of tables"),
        ({"settle_seconds": -1}, "settle_seconds"),
        ({"workers": 1.5}, "workers"),
        ({"on_qc_fail": "warn"}, "on_qc_fail"),
        ({"watch": True}, "ingest.watch is not a known setting"),
    ]:
        with pytest.raises(ConfigError, match=message):
            parse_ingest_settings(bad)

    defaults = load_settings({"AXIOM_DATA_DIR": str(tmp_path)}).ingest
    assert defaults.settle_seconds == 60 and defaults.workers == 0
    assert defaults.rules[0].match("p", "ab010_plate.mov") == PublishContext(
        "p", "ab010", "plate", "plate"
    )


def test_a_rules_file(tmp_path: Path) -> None:
    path = tmp_path / "rules.toml"
    path.write_text('[[rules]]\npattern = "(?P<shot>sh\\\\d+)"\nproduct = "bg"\n', "utf-8")
    assert read_rules_file(path) == (IngestRule(r"(?P<shot>sh\d+)", product="bg"),)
    path.write_text("rules = [", "utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        read_rules_file(path)
    path.write_text('title = "x"\n', "utf-8")
    with pytest.raises(ConfigError):
        read_rules_file(path)
    with pytest.raises(ConfigError, match="does not exist"):
        read_rules_file(tmp_path / "missing.toml")
