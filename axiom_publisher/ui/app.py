"""`axiom-publisher` (and `axiom gui`): the standalone application.

    axiom-publisher [--db URL] [--root DIR] [--config FILE] [--review]

`--review` (what `axiom review` runs) opens a window with the Review tab alone.

Exit codes: 0 after the window closes; 2 bad input or no display to open a window on;
3 the system lacks libraries Qt's X11 plugin needs (the message gives the apt-get line).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

from axiom_publisher import __version__
from axiom_publisher.config import load_settings
from axiom_publisher.core.errors import AxiomError, MissingSystemLibrariesError
from axiom_publisher.core.secrets import mask_secrets
from axiom_publisher.ui.xcb_libraries import check_xcb_libraries

NO_DISPLAY = (
    "axiom-publisher: no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset).\n"
    "Run it in a desktop session or over `ssh -X`, or render the views to PNG files instead:\n"
    "    python -m axiom_publisher.ui.snapshot OUTDIR\n"
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="axiom-publisher", description="AXIOM Publisher: the standalone app."
    )
    parser.add_argument("--version", action="version", version=f"axiom-publisher {__version__}")
    parser.add_argument("--db", metavar="URL", help="database URL (overrides AXIOM_DB_URL)")
    parser.add_argument(
        "--root", metavar="DIR", type=Path, help="publish root (overrides AXIOM_PUBLISH_ROOT)"
    )
    parser.add_argument(
        "--config", metavar="FILE", type=Path, help="a TOML file over every other layer"
    )
    parser.add_argument(
        "--review", action="store_true", help="open the Review tab alone (`axiom review`)"
    )
    return parser


def has_display(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """False on Linux without an X11/Wayland display and without an explicit Qt platform."""
    if not platform.startswith("linux"):
        return True
    return any(env.get(name) for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"))


def enable_high_dpi() -> None:
    """Before the QApplication exists: Qt 6 scales by default (fractional factors passed
    through); Qt 5 (PySide2 hosts) needs the attributes switched on."""
    from qtpy import QT6, QtCore, QtGui

    if QT6:
        QtGui.QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
            QtCore.Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
        )
        return
    for name in ("AA_EnableHighDpiScaling", "AA_UseHighDpiPixmaps"):  # pragma: no cover - Qt 5
        attribute = getattr(QtCore.Qt.ApplicationAttribute, name, None)
        if attribute is not None:
            QtCore.QCoreApplication.setAttribute(attribute, True)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(arguments)
    except SystemExit as exit_:  # --help, --version, usage errors
        return int(exit_.code or 0)
    if not has_display(os.environ):
        sys.stderr.write(NO_DISPLAY)
        return 2
    try:
        # Before any window: Qt aborts when its X11 plugin lacks a system library.
        check_xcb_libraries(os.environ, sys.platform)
    except MissingSystemLibrariesError as error:
        sys.stderr.write(f"axiom-publisher: {error}")
        return error.exit_code
    try:
        settings = load_settings(config_file=args.config, db_url=args.db, publish_root=args.root)
        from axiom_publisher.publish.database import check_database_url  # loads SQLAlchemy

        check_database_url(settings)
    except AxiomError as error:
        sys.stderr.write(f"axiom-publisher: error: {mask_secrets(str(error))}\n")
        return error.exit_code

    # Qt is imported only now: `--help` and the no-display message need no binding.
    from qtpy import QtWidgets

    from axiom_publisher.ui.icons import icon
    from axiom_publisher.ui.main_window import MainWindow
    from axiom_publisher.ui.style import apply_dark_style
    from axiom_publisher.ui.window_state import APPLICATION, ORGANIZATION

    existing = QtWidgets.QApplication.instance()
    if existing is None:
        enable_high_dpi()
    app = (
        existing
        if isinstance(existing, QtWidgets.QApplication)
        else QtWidgets.QApplication([sys.argv[0], *arguments])
    )
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("AXIOM Review" if args.review else "AXIOM Publisher")
    app.setApplicationVersion(__version__)
    app.setWindowIcon(icon("app"))
    apply_dark_style(app)
    window = MainWindow(settings, review_only=args.review)
    window.show()
    return int(app.exec_())


if __name__ == "__main__":
    sys.exit(main())
