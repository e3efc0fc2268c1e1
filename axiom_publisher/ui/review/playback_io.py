"""What the PlaybackController needs around its clock: opening the frame servers in a
worker job, the relay that brings "frame decoded" from the decode threads to the main thread,
and numpy RGB frames as QImages."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from qtpy import QtCore, QtGui

from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.media.frame_cache import GopCache
from axiom_publisher.media.frame_server import FrameServer
from axiom_publisher.media.reader import RGBFrame

OPENINGS = itertools.count(1)  # numbers of openings, unique in the process


def to_qimage(frame: RGBFrame) -> QtGui.QImage:
    """An RGB888 QImage of an (h, w, 3) uint8 array, without a per-pixel loop (a copy, so the
    image owns its pixels and the cached array may go)."""
    frame = np.ascontiguousarray(frame)  # rows of exactly 3 * width bytes (no-op for frames)
    height, width = frame.shape[:2]
    image = QtGui.QImage(frame.data, width, height, 3 * width, QtGui.QImage.Format.Format_RGB888)
    return image.copy()


class Relay(QtCore.QObject):
    """Carries "frame decoded" (opening, index) from the decode threads to the controllers
    on the main thread. One for the process, never deleted, so no decode thread ever holds a
    reference to a controller (whose last reference must not go away on a decode thread)."""

    decoded = QtCore.Signal(int, int)


_the_relay: list[Relay] = []


def relay() -> Relay:
    """The process's relay, made on the main thread by the first controller."""
    if not _the_relay:
        _the_relay.append(Relay())
    return _the_relay[0]


@dataclass(frozen=True)
class Opened:
    """What the opening job gives back: the servers, or the sentence of its failure."""

    opening: int
    a: FrameServer | None
    b: FrameServer | None
    error: str = ""

    def close(self) -> None:
        for server in (self.a, self.b):
            if server is not None:
                server.close(wait=False)


def open_job(
    opening: int, path_a: Path, path_b: Path | None, *, cache_bytes: int, read_ahead: int
) -> Callable[[Callable[[Any], None], CancelToken], Opened]:
    """A WorkerPool job that opens A (and B) as FrameServers reporting to the relay.

    A failure comes back as its sentence: an exception object would carry its traceback
    (frames holding the worker and its signals) to the main thread."""
    the_relay = relay()

    def decoded(index: int) -> None:  # on a decode thread: queued to the main thread
        the_relay.decoded.emit(opening, index)

    def server(path: Path) -> FrameServer:  # a GopCache: scrubbing nearby is served from memory
        return GopCache(
            Path(path), cache_bytes=cache_bytes, read_ahead=read_ahead, listener=decoded
        )

    def job(progress: Callable[[Any], None], cancel: CancelToken) -> Opened:
        try:
            a = server(path_a)
        except Exception as error:  # noqa: BLE001 - shown to the user
            return Opened(opening, None, None, str(error))
        try:
            b = None if path_b is None else server(path_b)
        except Exception as error:  # noqa: BLE001 - shown to the user
            a.close(wait=False)
            return Opened(opening, None, None, str(error))
        return Opened(opening, a, b)

    return job
