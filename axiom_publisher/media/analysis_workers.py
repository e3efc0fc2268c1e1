"""The single pass's workers beside the decode: the file hasher (SHA-256 of every file of a
source on its own thread) and the measurer (frame hashes and QC statistics on one worker
thread, in frame order, with a bounded queue).
"""

from __future__ import annotations

import threading
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor

from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import CancelledError, UnreadableSourceError
from axiom_publisher.core.hashing import sha256_file
from axiom_publisher.core.media import FrameHash, FrameStats
from axiom_publisher.core.types import HashedFile, Source
from axiom_publisher.media.decode import DecodedFrame
from axiom_publisher.media.framehash import frame_md5
from axiom_publisher.media.stats import FrameStatistics


class FileHasher:
    """SHA-256 of every file of a source, in a thread beside the decode."""

    def __init__(self, source: Source, representation: int, cancel: CancelToken) -> None:
        self._cancel = cancel
        self._stop = threading.Event()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="axiom-sha256")
        self._future: Future[tuple[HashedFile, ...]] = self._executor.submit(
            self._run, source, representation
        )

    def _check(self, _: int = 0) -> None:
        self._cancel.raise_if_cancelled()
        if self._stop.is_set():
            raise CancelledError("analysis stopped")

    def _run(self, source: Source, representation: int) -> tuple[HashedFile, ...]:
        hashed = []
        for file in source.files:
            self._check()
            try:
                digest, size = sha256_file(file.path, self._check)
            except FileNotFoundError as error:
                raise UnreadableSourceError(f"{file.path} disappeared during analysis") from error
            except OSError as error:
                raise UnreadableSourceError(
                    f"{file.path} cannot be read: {error.strerror}"
                ) from error
            hashed.append(HashedFile(file, representation, digest, size))
        return tuple(hashed)

    def result(self) -> tuple[HashedFile, ...]:
        try:
            return self._future.result()
        finally:
            self._executor.shutdown(wait=True)

    def stop(self) -> None:
        """Stop hashing and wait for the thread; its outcome no longer matters."""
        self._stop.set()
        self._executor.shutdown(wait=True)


class Measurer:
    """Frame hashes and statistics on one worker thread, in frame order, beside the decode
    and the proxy encode (hashlib and numpy release the GIL). At most `depth` frames wait,
    so memory stays flat however long the source is."""

    def __init__(self, statistics: FrameStatistics, depth: int = 6) -> None:
        self._statistics = statistics
        self._depth = depth
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="axiom-measure")
        self._pending: deque[Future[tuple[FrameHash, FrameStats]]] = deque()
        self._hashes: list[FrameHash] = []
        self._stats: list[FrameStats] = []
        self.submitted = 0

    def _measure(self, decoded: DecodedFrame) -> tuple[FrameHash, FrameStats]:
        md5 = frame_md5(decoded.frame)
        return FrameHash(decoded.number, md5), self._statistics.measure(decoded, md5)

    def _collect(self) -> None:
        frame_hash, frame_stats = self._pending.popleft().result()
        self._hashes.append(frame_hash)
        self._stats.append(frame_stats)

    def submit(self, decoded: DecodedFrame) -> None:
        self._pending.append(self._executor.submit(self._measure, decoded))
        self.submitted += 1
        while len(self._pending) > self._depth:
            self._collect()

    def finish(self) -> tuple[list[FrameHash], list[FrameStats]]:
        while self._pending:
            self._collect()
        self._executor.shutdown(wait=True)
        return self._hashes, self._stats

    def abandon(self) -> None:
        for future in self._pending:
            future.cancel()
        self._executor.shutdown(wait=True)
