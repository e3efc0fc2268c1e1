"""The Publish tab's "Publish on the farm" default ([farm] farm_over_mb, inside a DCC, only
when a worker serves the queue), and what it refuses to send; real Redis and workers."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from axiom_publisher.config import load_settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.types import EntityKind, PublishContext
from axiom_publisher.media.synth import write_sequence
from axiom_publisher.publish import jobs
from axiom_publisher.publish.host_publish import source_in_range
from axiom_publisher.publish.jobs import PublishRequest
from axiom_publisher.publish.sources import resolve_source
from axiom_publisher.ui.publish.farm_submit import FarmSubmission, submit_job
from axiom_publisher.ui.publish_widget import PublishWidget
from axiom_publisher.ui.workers import WorkerPool
from tests.redis_server import RedisChild
from tests.ui.publish.conftest import WidgetFactory, choose, drop, wait_analysed

from .conftest import farm_settings, start_worker, stop, wait_serving

CONTEXT = PublishContext("proj", "sh010", "comp", "plate", EntityKind.SHOT)


def test_farm_over_mb_is_a_farm_setting(tmp_path: Path, axiom_env: dict[str, str]) -> None:
    config = tmp_path / "studio.toml"
    config.write_text("[farm]\nfarm_over_mb = 2.5\n")
    farm = load_settings(dict(axiom_env, AXIOM_STUDIO_CONFIG=str(config))).farm
    assert farm.farm_over_mb == 2.5
    assert farm.over_size(2_500_001) and not farm.over_size(2_500_000)
    assert load_settings(axiom_env).farm.farm_over_mb == 500
    config.write_text("[farm]\nfarm_over_mb = -1\n")
    with pytest.raises(ConfigError, match="farm.farm_over_mb=-1 is negative"):
        load_settings(dict(axiom_env, AXIOM_STUDIO_CONFIG=str(config)))
    config.write_text("[farm]\nfarm_over_mbs = 1\n")
    with pytest.raises(ConfigError, match="farm_over_mb"):  # the closest known name
        load_settings(dict(axiom_env, AXIOM_STUDIO_CONFIG=str(config)))


def test_the_farm_is_the_default_for_big_items_and_inside_a_dcc_once_a_worker_serves_it(
    qtbot: QtBot,
    make_widget: WidgetFactory,
    sqlite_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    redis_child: RedisChild,
    media: Path,
) -> None:
    big = farm_settings(sqlite_url, tmp_path, axiom_env, redis_child, over_mb=0.001)
    widget = make_widget(big)
    qtbot.waitUntil(lambda: widget.farm_choice.workers == 0, timeout=10_000)
    choose(qtbot, widget)
    drop(widget, media / "clip.mov")
    wait_analysed(qtbot, widget)
    assert not widget.farm_choice.chosen  # over the size, but nobody serves the queue

    worker = start_worker(big, "node-f")  # serves until stopped
    try:
        wait_serving(qtbot, big)
        widget.farm_choice.probe()
        qtbot.waitUntil(lambda: widget.farm_choice.workers == 1, timeout=30_000)
        assert widget.farm_choice.chosen
        note = widget.farm_choice.note.text()
        assert note.startswith("On by default: clip.mov is ") and "0.001 MB" in note, note
        assert widget.farm_choice.note.isVisible() and not widget.progress.isVisible()
        widget.farm_choice.check.click()  # the user's choice stands over the default
        widget.analyse_again()
        drop(widget, media / "wide.mov")
        wait_analysed(qtbot, widget, 2)
        assert not widget.farm_choice.chosen
        assert widget.progress.isVisible()

        pool = WorkerPool()  # inside a DCC, whatever the size
        inside = farm_settings(f"sqlite:///{tmp_path}/n.db", tmp_path / "n", axiom_env, redis_child)
        nuke = PublishWidget(inside, pool, host="nuke")
        qtbot.addWidget(nuke)
        qtbot.waitUntil(lambda: nuke.farm_choice.workers == 1, timeout=30_000)
        nuke.add_items([media / "clip.mov"])
        qtbot.waitUntil(lambda: nuke.farm_choice.chosen, timeout=30_000)
        assert "On by default: inside nuke" in nuke.farm_choice.note.text()
        nuke.close()
        assert pool.wait(60_000)

        small = make_widget(
            farm_settings(f"sqlite:///{tmp_path}/s.db", tmp_path / "s", axiom_env, redis_child)
        )
        qtbot.waitUntil(lambda: small.farm_choice.workers == 1, timeout=30_000)
        drop(small, media / "clip.mov")
        qtbot.waitUntil(lambda: small.farm_choice.item_size(small.rows[0]) is not None)
        assert not small.farm_choice.chosen  # 500 MB: it publishes here
    finally:
        stop(worker)


def test_a_render_cut_from_a_longer_sequence_on_disk_is_not_sent_to_the_farm(
    sqlite_url: str, tmp_path: Path, axiom_env: dict[str, str], redis_child: RedisChild
) -> None:
    settings = farm_settings(sqlite_url, tmp_path, axiom_env, redis_child)
    write_sequence(tmp_path / "renders", "beauty", 1001, 1004, 64, 36, codec="exr")
    pattern = str(tmp_path / "renders" / "beauty.####.exr")
    cut = source_in_range(resolve_source(pattern), FrameRange(1001, 1003))
    request = PublishRequest(CONTEXT, (pattern,))

    result = submit_job(settings, [request], [cut])(lambda event: None, CancelToken())

    assert isinstance(result, FarmSubmission) and result.jobs == ()
    assert "frames 1001-1003 but the sequence on disk is 1001-1004" in str(result.error)
    assert jobs.list_jobs(settings) == []  # nothing recorded, nothing queued
    whole = resolve_source(pattern)
    result = submit_job(settings, [request], [whole])(lambda event: None, CancelToken())
    assert isinstance(result, FarmSubmission) and result.error is None
    assert [job.status for job in result.jobs] == ["queued"]
