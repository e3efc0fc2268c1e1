"""ui.emit: emitting many signals keeps the references of `True` (PySide6 6.12 drops one per
emit(); after a few thousand the interpreter aborts)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from qtpy import QtCore

from axiom_publisher.ui.emit import emit


class _Source(QtCore.QObject):
    changed = QtCore.Signal(int)


def test_emit_keeps_the_references_of_true() -> None:
    source = _Source()
    received: list[int] = []
    source.changed.connect(received.append)
    before = sys.getrefcount(True)
    for value in range(5_000):
        emit(source.changed, value)
    assert abs(sys.getrefcount(True) - before) < 100
    assert received == list(range(5_000))


def test_install_fixes_every_emit_of_the_process() -> None:
    """In a process of its own: 20,000 plain .emit() calls, more than `True` has references."""
    script = textwrap.dedent(
        """
        import sys
        from qtpy import QtCore
        from axiom_publisher.ui.emit import install

        class Source(QtCore.QObject):
            changed = QtCore.Signal(int)

        app = QtCore.QCoreApplication([])
        install()
        source, received = Source(), []
        source.changed.connect(received.append)
        before = sys.getrefcount(True)
        for value in range(20_000):
            source.changed.emit(value)
        assert abs(sys.getrefcount(True) - before) < 100, sys.getrefcount(True) - before
        assert len(received) == 20_000
        print("ok")
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "ok"
