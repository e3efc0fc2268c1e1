"""`python -m axiom_publisher.ui.snapshot OUTDIR`: the main views with demo data, as PNG files.

Creates a temporary embedded database and publish root, publishes the demo project into it
through the real service (proxies, thumbnails, QC), opens the main window offscreen at a
fixed size, waits for its workers, and grabs each view: the versions browser, then the
Publish tab with a passing item, a failing item with its checks, and the final report of a
real publish. For the README and for reviewing the look without a display.
"""

from __future__ import annotations

import functools
import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from qtpy import QtWidgets

    from axiom_publisher.ui.main_window import MainWindow

SIZE = (1600, 900)  # the README shows them at this size
REVIEW_PRODUCT = ("sh010", "plate", "plate")  # QC warns
FAILING_PRODUCT = ("sh020", "plate", "plate")  # QC fails (a missing frame), overridden
DEMO_RUNS = 3  # publishes per demo product: v001..v003
# The Publish tab's items: a clip that meets the demo project's spec, and one 400 px wide.
PUBLISH_CONTEXT = ("demo", "sh010", "comp", "comp")
PASSING_CLIP = ("sh010_comp_v004.mov", 320)
FAILING_CLIP = ("sh010_comp_wide.mov", 400)
FAILING_OVERRIDE = "the client asked for the 400 px framing test"


def wait_until(predicate: Callable[[], bool], timeout: float = 30.0) -> None:
    """Run the Qt event loop until `predicate()` holds (a script's wait, not a widget's)."""
    from qtpy import QtCore

    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"the views did not load within {timeout:g} s")
        loop = QtCore.QEventLoop()
        QtCore.QTimer.singleShot(20, loop.quit)
        loop.exec_()


def render_snapshots(
    outdir: Path,
    *,
    size: tuple[int, int] = SIZE,
    runs: int = DEMO_RUNS,
    log: Callable[[str], None] = print,
) -> list[Path]:
    """Publish the demo into a scratch area and write main_review_fail.png (a failing
    product), main_review.png (the versions browser), the Review tab's review_queue.png,
    review_wipe.png, review_difference.png and review_notes.png, then the Publish tab's
    publish_pass.png, publish_fail.png and publish_report.png (see render_publish_tab), and
    the Ingest tab after a run, ingest_run.png, and the Farm tab's jobs, farm_panel.png."""
    from qtpy import QtCore, QtWidgets

    from axiom_publisher.config import load_settings
    from axiom_publisher.publish.demo import run_demo
    from axiom_publisher.ui.farm.snapshots import render_farm_snapshot
    from axiom_publisher.ui.icons import icon
    from axiom_publisher.ui.ingest.snapshots import render_ingest_snapshot
    from axiom_publisher.ui.main_window import PUBLISH_TAB, REVIEW_TAB, MainWindow
    from axiom_publisher.ui.review.snapshots import render_review_snapshots
    from axiom_publisher.ui.review.sources import BROWSE
    from axiom_publisher.ui.style import apply_dark_style

    existing = QtWidgets.QApplication.instance()
    app = (
        existing
        if isinstance(existing, QtWidgets.QApplication)
        else QtWidgets.QApplication([sys.argv[0]])
    )
    app.setWindowIcon(icon("app"))
    apply_dark_style(app)
    outdir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="axiom-snapshot-") as scratch:
        home = Path(scratch)
        env = {"AXIOM_DATA_DIR": str(home / "data"), "AXIOM_USER_CONFIG": str(home / "none")}
        settings = load_settings(env=env)
        for run in range(runs):  # each run a new version of every product: a history
            run_demo(settings, log=lambda line: None, again=run > 0)
        log(f"demo published into {settings.publish_root}")

        state = QtCore.QSettings(str(home / "state.ini"), QtCore.QSettings.Format.IniFormat)
        window = MainWindow(settings, state=state)
        window.resize(*size)
        window.show()
        browser = window.browser
        wait_until(lambda: browser.products.rowCount() > 0)
        views = (
            (FAILING_PRODUCT, "main_review_fail.png"),
            (REVIEW_PRODUCT, "main_review.png"),
        )
        window.tabs.setCurrentIndex(REVIEW_TAB)
        window.review.set_mode(BROWSE)
        for product, name in views:
            if browser.current_product() != product and not browser.select_product(product):
                raise LookupError(f"the demo has no product {'/'.join(product)}")
            wait_until(functools.partial(opened, window, product))
            written.append(save_grab(window, outdir / name, log))
        written += render_review_snapshots(window, outdir, log)
        window.tabs.setCurrentIndex(PUBLISH_TAB)
        window.resize(*size)  # the review shots have their own size
        written += render_publish_tab(window.publish_widget, home / "media", outdir, log)
        written.append(render_ingest_snapshot(window, outdir, log))
        written.append(render_farm_snapshot(window, home / "farm", outdir, log))
        window.close()
        window.deleteLater()
    return written


def opened(window: MainWindow, product: tuple[str, str, str]) -> bool:
    """The Review tab shows a version of `product` with a frame (not "Loading…")."""
    selection = window.review.selection
    if selection is None or window.pool.running or not window.review.player.settled:
        return False
    record = selection.record
    return (record.entity, record.task, record.product) == product


def save_grab(widget: QtWidgets.QWidget, path: Path, log: Callable[[str], None]) -> Path:
    """Let the layouts settle, grab `widget` and write it to `path` as PNG."""
    wait_until(lambda: True)  # one pass of the event loop
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")
    log(str(path))
    return path


def render_publish_tab(
    widget: QtWidgets.QWidget, media: Path, outdir: Path, log: Callable[[str], None]
) -> list[Path]:
    """Drive the Publish tab as an artist would: choose demo/sh010/comp/comp, add a clip that
    passes QC and one that fails it, show each one's checks, then override the failure and
    publish both. Writes publish_pass.png, publish_fail.png and publish_report.png."""
    from axiom_publisher.core.qc import QCStatus
    from axiom_publisher.media.synth import write_clip
    from axiom_publisher.ui.publish.rows import RowState
    from axiom_publisher.ui.publish_widget import PublishWidget

    if not isinstance(widget, PublishWidget):
        raise TypeError(f"the Publish tab holds a {type(widget).__name__}, not a PublishWidget")
    window = widget.window()
    asked = window.size()  # a publish's report can nudge the window taller; shots keep a size
    media.mkdir(parents=True, exist_ok=True)
    clips = [write_clip(media / name, frames=32, width=width, colour="bt709")
             for name, width in (PASSING_CLIP, FAILING_CLIP)]  # fmt: skip
    widget.set_context(*PUBLISH_CONTEXT)
    wait_until(lambda: widget.picker.context() is not None)
    widget.add_items(clips)  # tagged BT.709 as the demo's movies: read from the files
    wait_until(
        lambda: (
            len(widget.rows) == 2
            and all(row.state is RowState.READY for row in widget.rows)
            and not widget.busy
        ),
        timeout=120.0,
    )
    passing, failing = widget.rows
    if passing.verdict is not QCStatus.PASS or failing.verdict is not QCStatus.FAIL:
        raise RuntimeError(
            f"expected one passing and one failing item, QC said "
            f"{passing.verdict} and {failing.verdict}"
        )
    widget.comment.setText("Comp v4: new grain, roto fixes on the left edge")
    written = []
    for row, name in ((passing, "publish_pass.png"), (failing, "publish_fail.png")):
        widget.select_row(row)
        written.append(save_grab(window, outdir / name, log))
    widget.override_qc(failing, FAILING_OVERRIDE)
    published: list[object] = []
    widget.published.connect(published.append)
    widget.publish()
    wait_until(lambda: bool(published) and not widget.busy, timeout=120.0)
    made = published[0]
    upcoming = 1 + max(version.number for version in made) if isinstance(made, list) else 0
    wait_until(lambda: f"v{upcoming:03d}" in widget.picker.next_version.text())  # reloaded
    window.resize(asked)
    written.append(save_grab(window, outdir / "publish_report.png", log))
    return written


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if len(arguments) != 1 or arguments[0].startswith("-"):
        sys.stderr.write("usage: python -m axiom_publisher.ui.snapshot OUTDIR\n")
        return 2
    if not any(os.environ.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    render_snapshots(Path(arguments[0]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
