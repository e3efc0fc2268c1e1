"""Helpers every host adapter may use: frame tokens, product names, the main-thread runner.

Nothing here imports a DCC module; Qt is reached through qtpy only (the host's own binding),
and only inside `QtMainThreadRunner` and `find_top_level_widget`, so importing this module
never starts or needs a QApplication.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Generic, TypeVar

from axiom_publisher.core.errors import HostError, InvalidNameError
from axiom_publisher.core.frames import FrameRange
from axiom_publisher.core.host import WORKFILE_PRODUCT, CollectedOutput, OutputKind
from axiom_publisher.core.names import MAX_NAME_LENGTH, validate_name

T = TypeVar("T")

# `####` (Nuke, Maya), `%04d` / `%d` (Nuke), `$F4` / `${F4}` / `$F` (Houdini), `<f>` / `<f4>`
# (Maya's image name tokens); `$FF` (a float frame) and `$FPS` are not frame numbers.
_HASHES = re.compile(r"#+")
_PRINTF = re.compile(r"%(0?\d*)d")
_HOUDINI = re.compile(r"\$\{F(\d*)\}|\$F(\d*)(?![A-Za-z0-9_])")
_MAYA = re.compile(r"<f(\d*)>", re.IGNORECASE)
_GEOMETRY_EXTENSIONS = frozenset(
    {"abc", "bgeo", "geo", "sc", "gz", "vdb", "usd", "usda", "usdc", "usdz", "fbx", "obj", "ass"}
)


def has_frame_token(path: str) -> bool:
    """True when `path` names a sequence with any host's frame token in its file name."""
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return any(pattern.search(name) is not None for pattern in (_HASHES, _PRINTF, _HOUDINI, _MAYA))


def sequence_pattern(path: str, default_padding: int = 4) -> str:
    """The host's frame token rewritten as printf `%0Nd`, which `publish.sources.resolve_source`
    (fileseq) reads without ambiguity: `####` -> `%04d`, `$F4` / `${F4}` / `<f4>` -> `%04d`,
    `$F` -> `%d`, `<f>` -> `%0{default_padding}d` (Maya pads to its own setting).

    Only the file name is rewritten; a path without a token comes back unchanged.
    """
    cut = max(path.rfind("/"), path.rfind("\\")) + 1
    head, name = path[:cut], path[cut:]
    name = _HASHES.sub(lambda m: f"%0{len(m.group(0))}d", name)
    name = _HOUDINI.sub(lambda m: _printf(m.group(1) or m.group(2)), name)
    name = _MAYA.sub(lambda m: _printf(m.group(1) or str(default_padding)), name)
    name = _PRINTF.sub(lambda m: _printf(m.group(1).lstrip("0")), name)
    return head + name


def _printf(width: str) -> str:
    return f"%0{int(width)}d" if width and int(width) > 1 else "%d"


def is_geometry_path(path: str, file_type: str = "") -> bool:
    """True for geometry / volume caches (abc, bgeo(.sc), vdb, usd, fbx, obj, ass)."""
    if file_type and file_type.lower().lstrip(".") in _GEOMETRY_EXTENSIONS:
        return True
    name = path.replace("\\", "/").rsplit("/", 1)[-1].lower()
    suffixes = name.split(".")[1:]
    return any(suffix in _GEOMETRY_EXTENSIONS for suffix in suffixes[-2:])


def product_name(text: str, fallback: str = "render") -> str:
    """A valid AXIOM product name (core/names.py rules) made from a node's name or path.

    `/out/mantra_beauty` -> `mantra_beauty`, `Write1` -> `Write1`, `rs beauty:main` ->
    `rs_beauty_main`; runs of other characters become one `_`; empty or reserved results
    fall back to `fallback` (or get a `_` suffix). Never raises.
    """
    tail = text.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    cleaned = re.sub(r"[^A-Za-z0-9_.-]+", "_", tail)
    cleaned = re.sub(r"\.{2,}", ".", cleaned)
    cleaned = re.sub(r"_{2,}", "_", cleaned)
    cleaned = re.sub(r"^[^A-Za-z0-9]+", "", cleaned)[:MAX_NAME_LENGTH].rstrip(".-_")
    for candidate in (cleaned, f"{cleaned[: MAX_NAME_LENGTH - 1]}_", fallback):
        try:
            return validate_name(candidate, "product")
        except InvalidNameError:
            continue
    return "render"


def ordered_outputs(outputs: Iterable[CollectedOutput]) -> list[CollectedOutput]:
    """Enabled renders and caches first, then disabled ones, then work files (stable order)."""
    items = list(outputs)
    workfiles = [item for item in items if item.kind is OutputKind.WORKFILE]
    others = [item for item in items if item.kind is not OutputKind.WORKFILE]
    enabled = [item for item in others if item.enabled]
    return enabled + [item for item in others if not item.enabled] + workfiles


def unique_products(outputs: Iterable[CollectedOutput]) -> list[CollectedOutput]:
    """Give outputs that would share a product name distinct ones (`beauty`, `beauty_2`)."""
    seen: set[str] = set()
    result: list[CollectedOutput] = []
    for item in outputs:
        name, number = item.product, 2
        while name.lower() in seen:
            name = product_name(f"{item.product[: MAX_NAME_LENGTH - 4]}_{number}")
            number += 1
        seen.add(name.lower())
        result.append(item if name == item.product else replace(item, product=name))
    return result


def workfile_output(
    path: Path | None,
    *,
    untitled: str,
    how_to_save: str,
    frame_range: FrameRange | None = None,
    modified: bool = False,
    loads: Sequence[str] = (),
) -> CollectedOutput:
    """The scene itself as the last output: switched off with `how_to_save` while untitled
    (named `untitled`), and saying it is saved first when it has unsaved changes."""
    if path is None:
        return CollectedOutput(
            node=untitled,
            kind=OutputKind.WORKFILE,
            path="",
            product=WORKFILE_PRODUCT,
            frame_range=frame_range,
            enabled=False,
            note=f"{how_to_save} to publish it",
        )
    return CollectedOutput(
        node=path.name,
        kind=OutputKind.WORKFILE,
        path=str(path),
        product=WORKFILE_PRODUCT,
        frame_range=frame_range,
        note="unsaved changes: the scene is saved before publishing" if modified else "",
        loads=tuple(dict.fromkeys(path for path in loads if path)),
    )


def run_through(
    execute: Callable[[Callable[[], None]], object], function: Callable[[], T], host: str
) -> T:
    """Run `function` through a host's "execute in the main thread" call (which prints an
    exception and returns None) and give back its result, or raise its exception here."""
    outcome: list[tuple[bool, Any]] = []

    def call() -> None:
        try:
            outcome.append((True, function()))
        except BaseException as error:  # raised again in the calling thread
            outcome.append((False, error))

    execute(call)
    if not outcome:
        raise HostError(f"{host} did not run the call on its main thread")
    ok, value = outcome[0]
    if not ok:
        raise value
    result: T = value
    return result


def on_main_thread() -> bool:
    """True on the thread that runs the Qt event loop (Python's main thread without an app)."""
    from qtpy import QtCore

    app = QtCore.QCoreApplication.instance()
    if app is None:
        return threading.current_thread() is threading.main_thread()
    return bool(QtCore.QThread.currentThread() == app.thread())


def find_top_level_widget(class_name: str, object_name: str = "") -> object | None:
    """The first top-level widget whose Qt class (`metaObject().className()`) is `class_name`
    or whose objectName is `object_name`; None without a QApplication or a match."""
    from qtpy import QtWidgets

    app = QtWidgets.QApplication.instance()
    if not isinstance(app, QtWidgets.QApplication):
        return None
    for widget in app.topLevelWidgets():
        if widget.metaObject().className() == class_name:
            return widget
        if object_name and widget.objectName() == object_name:
            return widget
    return None


class _Call(Generic[T]):
    """One function to run on the main thread, its outcome, and the event its caller waits on."""

    def __init__(self, function: Callable[[], T]) -> None:
        self.function = function
        self.done = threading.Event()
        self.result: T | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            self.result = self.function()
        except BaseException as error:  # handed back to the calling thread
            self.error = error
        finally:
            self.done.set()

    def outcome(self) -> T:
        if self.error is not None:
            raise self.error
        return self.result  # type: ignore[return-value]  # set by run() before done


@functools.cache
def _invoker_class() -> type[Any]:
    """A QObject class whose queued signal runs a `_Call` on the thread the object lives in
    (made on first use, so that importing this module does not import Qt)."""
    from qtpy import QtCore

    class MainThreadInvoker(QtCore.QObject):
        call = QtCore.Signal(object)

        def __init__(self) -> None:
            super().__init__()
            self.call.connect(self.run_call, QtCore.Qt.ConnectionType.QueuedConnection)

        @QtCore.Slot(object)
        def run_call(self, call: _Call[Any]) -> None:
            call.run()

    return MainThreadInvoker


class QtMainThreadRunner:
    """Runs callables on the Qt main thread from any thread and hands back their result.

    On the main thread the callable runs at once. From another thread it is queued to a
    QObject that lives on the main thread and the caller waits (an exception raised by the
    callable is raised in the caller). The main thread must be running its event loop: a
    main thread that itself waits for the caller would deadlock, as with any such call.
    """

    def __init__(self) -> None:
        from qtpy import QtCore

        app = QtCore.QCoreApplication.instance()
        if app is None:
            raise RuntimeError("QtMainThreadRunner needs a QApplication (the host's)")
        self._invoker = _invoker_class()()
        if QtCore.QThread.currentThread() != app.thread():
            self._invoker.moveToThread(app.thread())

    def __call__(self, function: Callable[[], T]) -> T:
        if on_main_thread():
            return function()
        call: _Call[T] = _Call(function)
        self._invoker.call.emit(call)
        call.done.wait()
        return call.outcome()
