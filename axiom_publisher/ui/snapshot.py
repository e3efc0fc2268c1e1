"""`python -m axiom_publisher.ui.snapshot OUTDIR`: the main views with demo data, as PNG files.

Creates a temporary embedded database and publish root, publishes the demo project into it
through the real service (proxies, thumbnails, QC), opens the main window offscreen at a
fixed size, waits for its workers, and grabs each view. For the README and for reviewing
the look without a display.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

SIZE = (1400, 850)
REVIEW_PRODUCT = ("sh010", "plate", "plate")  # QC warns
FAILING_PRODUCT = ("sh020", "plate", "plate")  # QC fails (a missing frame), overridden
DEMO_RUNS = 3  # publishes per demo product: v001..v003


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
    product), main_review.png (the versions browser) and main_publish.png (the Publish tab)."""
    from qtpy import QtCore, QtWidgets

    from axiom_publisher.config import load_settings
    from axiom_publisher.publish.demo import run_demo
    from axiom_publisher.ui.icons import icon
    from axiom_publisher.ui.main_window import PUBLISH_TAB, REVIEW_TAB, MainWindow
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
        for _ in range(runs):
            run_demo(settings, log=lambda line: None)
        log(f"demo published into {settings.publish_root}")

        state = QtCore.QSettings(str(home / "state.ini"), QtCore.QSettings.Format.IniFormat)
        window = MainWindow(settings, state=state)
        window.resize(*size)
        window.show()
        browser = window.browser
        wait_until(lambda: browser.products.rowCount() > 0)
        views = (
            (REVIEW_TAB, FAILING_PRODUCT, "main_review_fail.png"),
            (REVIEW_TAB, REVIEW_PRODUCT, "main_review.png"),
            (PUBLISH_TAB, REVIEW_PRODUCT, "main_publish.png"),
        )
        for tab, product, name in views:
            window.tabs.setCurrentIndex(tab)
            if browser.current_product() != product and not browser.select_product(product):
                raise LookupError(f"the demo has no product {'/'.join(product)}")
            wait_until(lambda: browser.versions.rowCount() > 0 and not window.pool.running)
            path = outdir / name
            if not window.grab().save(str(path), "PNG"):
                raise OSError(f"could not write {path}")
            written.append(path)
            log(str(path))
        window.close()
        window.deleteLater()
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
