"""The Publish tab asks Redis for the farm's workers only where a farm is configured: with
no [farm] (and no AXIOM_FARM_REDIS_URL) the "Publish on the farm" box is disabled with the
reason and no probe ever runs; with one, the probe runs on its timer (a real Redis child).
The probes are counted at the pool, where every one of them must go."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from axiom_publisher.config import Settings, load_settings
from axiom_publisher.ui.publish import farm_choice
from axiom_publisher.ui.workers import WorkerPool
from tests.redis_server import RedisChild
from tests.ui.publish.conftest import WidgetFactory, drop, make_settings

from .conftest import farm_settings

PROBE_LABEL = "farm workers"
FAST_MS = 40


@pytest.fixture
def probes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The farm probes submitted to any WorkerPool (label each), on a 40 ms timer."""
    submitted: list[str] = []
    submit = WorkerPool.submit

    def counting(self: WorkerPool, job: Callable[..., Any], label: str, **kw: Any) -> Any:
        if label == PROBE_LABEL:
            submitted.append(label)
        return submit(self, job, label, **kw)

    monkeypatch.setattr(WorkerPool, "submit", counting)
    monkeypatch.setattr(farm_choice, "PROBE_MS", FAST_MS)
    return submitted


def test_no_farm_configured_means_no_probe_and_a_disabled_choice_with_the_reason(
    qtbot: QtBot,
    make_widget: WidgetFactory,
    sqlite_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    media: Path,
    probes: list[str],
) -> None:
    settings = make_settings(sqlite_url, tmp_path / "publish", axiom_env)
    assert not settings.farm.configured
    widget = make_widget(settings)
    drop(widget, media / "clip.mov")
    qtbot.wait(FAST_MS * 15)  # fifteen probe periods
    qtbot.waitUntil(lambda: len(widget.rows) == 1 and not widget.busy, timeout=30_000)
    choice = widget.farm_choice
    assert probes == []
    assert not choice.timer.isActive() and choice.workers is None
    assert not choice.check.isEnabled() and not choice.chosen
    assert "No farm is configured" in choice.check.toolTip()
    assert "[farm] redis_url" in choice.check.toolTip()
    widget._update()  # the widget enables the choice when idle: it stays disabled
    assert not choice.check.isEnabled()
    choice.probe()  # asked directly, too: nothing to ask
    qtbot.wait(FAST_MS * 3)
    assert probes == []


def test_a_configured_farm_is_probed_on_its_timer(
    qtbot: QtBot,
    make_widget: WidgetFactory,
    sqlite_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    redis_child: RedisChild,
    probes: list[str],
) -> None:
    settings = farm_settings(sqlite_url, tmp_path, axiom_env, redis_child)
    assert settings.farm.configured
    widget = make_widget(settings)
    qtbot.waitUntil(lambda: len(probes) >= 4, timeout=30_000)  # at start, then each period
    assert widget.farm_choice.check.isEnabled()
    assert "No farm" not in widget.farm_choice.check.toolTip()


@pytest.mark.parametrize(
    ("config", "env", "configured"),
    [
        ("", {}, False),
        ("[farm]\nfarm_over_mb = 10\n", {}, True),
        ("", {"AXIOM_FARM_REDIS_URL": "redis://farm.example:6379/0"}, True),
    ],
)
def test_which_settings_configure_a_farm(
    tmp_path: Path, axiom_env: dict[str, str], config: str, env: dict[str, str], configured: bool
) -> None:
    studio = tmp_path / "studio.toml"
    studio.write_text(config)
    settings: Settings = load_settings(dict(axiom_env, AXIOM_STUDIO_CONFIG=str(studio), **env))
    assert settings.farm.configured is configured


def test_the_ingest_tab_offers_the_farm_only_where_one_is_configured(
    qtbot: QtBot, sqlite_url: str, tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    from axiom_publisher.config.farm import FarmSettings
    from axiom_publisher.ui.ingest.tab import IngestTab

    settings = make_settings(sqlite_url, tmp_path / "publish", axiom_env)
    configured = dataclasses.replace(
        settings, farm=FarmSettings(redis_url="redis://127.0.0.1:1/0", configured=True)
    )
    boxes = []
    for given in (settings, configured):
        pool = WorkerPool()
        tab = IngestTab(given, pool)
        qtbot.addWidget(tab)
        boxes.append((tab.run_bar.on_farm.isEnabled(), tab.run_bar.on_farm.toolTip()))
        tab.shutdown()
        assert pool.wait(30_000)
    assert boxes[0] == (False, farm_choice.NOT_CONFIGURED)
    assert boxes[1][0] and "Queue each selected item" in boxes[1][1]
