"""QThreadPool workers: a job with its signals (a QObject) and its cancel token.

All heavy work (database, media, publishing) runs here, never on the main thread. A job is a
plain callable `job(progress, cancel) -> result` from the publish layer; the worker emits
`progress(ProgressEvent)`, then exactly one of `finished(result)` or `failed(error)` (an
AxiomError or, for bugs, any exception), or `cancelled()`. Cancel is cooperative: it sets
the job's CancelToken, which the publish layer checks between steps.

Lifetimes, learnt the hard way:
- The pool starts `worker.run` as a plain callable where the binding can (PySide6: Qt owns
  the runnable). PySide2's QThreadPool.start takes only a QRunnable, so there a `_Runnable`
  (autoDelete off) is kept with its worker until no pool thread runs anything.
- A worker is released only after its pool thread has returned from emitting `done`: a
  queued signal can reach the main thread while `emit` still runs on the sending thread,
  and deleting a QObject there is undefined.
- Releasing a worker drops its handlers (often lambdas or bound methods holding a widget).
  That can free the widget and with it this pool, so workers are released by a module
  function on a zero timer, never from inside a WorkerPool method; and the signals object
  has no parent, so the pool going away never deletes a signals object being released.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from qtpy import QtCore

from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import CancelledError
from axiom_publisher.core.types import ProgressEvent

Job = Callable[[Callable[[ProgressEvent], None], CancelToken], Any]
RETURN_WAIT_S = 5.0  # for a pool thread to come back from emitting `done` (microseconds, usually)
RELEASE_RETRY_MS = 50


class WorkerSignals(QtCore.QObject):
    progress = QtCore.Signal(object)  # ProgressEvent
    finished = QtCore.Signal(object)  # the job's result
    failed = QtCore.Signal(object)  # the exception
    cancelled = QtCore.Signal()
    done = QtCore.Signal(object)  # the Worker, after any of the three above


class Worker:
    """One job for the pool: the callable, its signals and its cancel token."""

    def __init__(self, job: Job, name: str = "") -> None:
        self.job = job
        self.name = name
        self.cancel_token = CancelToken()
        self.signals = WorkerSignals()
        self.returned = threading.Event()  # set once run() no longer touches the signals
        self.runnable: QtCore.QRunnable | None = None  # PySide2 only: see _Runnable
        self.pool: QtCore.QThreadPool | None = None

    def cancel(self) -> None:
        self.cancel_token.cancel()

    def run(self) -> None:
        """Called on a pool thread; the signals reach their receivers' threads queued."""
        try:
            self.cancel_token.raise_if_cancelled()
            result = self.job(self.signals.progress.emit, self.cancel_token)
        except CancelledError:
            self.signals.cancelled.emit()
        except BaseException as error:  # noqa: BLE001 - every failure reaches the UI
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)
        finally:
            try:
                self.signals.done.emit(self)
            finally:
                self.returned.set()


class _Runnable(QtCore.QRunnable):
    """For bindings whose QThreadPool.start takes no callable (PySide2). Python owns it and
    keeps it with its worker until no pool thread can still be inside it."""

    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self._worker = worker

    def run(self) -> None:
        self._worker.run()


_retired: list[Worker] = []
_callable_start: bool | None = None  # does QThreadPool.start take a callable? (probed once)


def _busy(pool: QtCore.QThreadPool) -> bool:
    try:
        return pool.activeThreadCount() > 0
    except RuntimeError:  # deleted with its WorkerPool: ~QThreadPool waited for its threads
        return False


def _release_retired() -> None:
    """Drop the workers whose pool threads are done with them (a module function: what the
    handlers held may free a widget and its WorkerPool, so no pool method is on the stack)."""
    keep = []
    for worker in _retired:
        if not worker.returned.is_set() or (
            worker.runnable is not None and worker.pool is not None and _busy(worker.pool)
        ):
            keep.append(worker)
    released = [worker for worker in _retired if worker not in keep]
    _retired[:] = keep
    for worker in released:
        worker.signals.deleteLater()
        worker.runnable = worker.pool = None
    released.clear()  # the workers go here, with whatever their handlers held
    if _retired:
        QtCore.QTimer.singleShot(RELEASE_RETRY_MS, _release_retired)


def _start_on(pool: QtCore.QThreadPool, worker: Worker) -> None:
    global _callable_start
    if _callable_start is not False:
        try:
            pool.start(worker.run)
        except TypeError:  # PySide2: start(QRunnable) only
            _callable_start = False
        else:
            _callable_start = True
            return
    worker.runnable = _Runnable(worker)
    worker.pool = pool
    pool.start(worker.runnable)


class WorkerPool(QtCore.QObject):
    """Starts workers on a QThreadPool and keeps them alive until they are done."""

    def __init__(self, parent: QtCore.QObject | None = None, max_threads: int = 0) -> None:
        super().__init__(parent)
        self._pool = QtCore.QThreadPool(self)
        if max_threads:
            self._pool.setMaxThreadCount(max_threads)
        self._running: set[Worker] = set()

    def start(self, worker: Worker) -> Worker:
        self._running.add(worker)
        worker.signals.done.connect(self._on_done)  # a bound slot: queued to this thread
        _start_on(self._pool, worker)
        return worker

    @QtCore.Slot(object)
    def _on_done(self, worker: Worker) -> None:
        self._running.discard(worker)
        worker.returned.wait(RETURN_WAIT_S)
        _retired.append(worker)
        QtCore.QTimer.singleShot(0, _release_retired)

    def submit(
        self,
        job: Job,
        name: str = "",
        *,
        progress: Callable[[Any], None] | None = None,
        finished: Callable[[Any], None] | None = None,
        failed: Callable[[Any], None] | None = None,
        cancelled: Callable[[], None] | None = None,
        done: Callable[[], None] | None = None,
    ) -> Worker:
        """Wrap `job` in a Worker, connect the handlers, THEN start it, and return it.

        Handlers must be given here: a signal emitted before a connection exists reaches
        nobody, and a quick job can finish before `submit` returns.
        """
        worker = Worker(job, name)
        signals = worker.signals
        for signal, handler in (
            (signals.progress, progress),
            (signals.finished, finished),
            (signals.failed, failed),
            (signals.cancelled, cancelled),
            (signals.done, done),
        ):
            if handler is not None:
                signal.connect(handler)
        return self.start(worker)

    @property
    def running(self) -> frozenset[Worker]:
        return frozenset(self._running)

    def cancel_all(self) -> None:
        for worker in list(self._running):
            worker.cancel()

    def wait(self, msecs: int = -1) -> bool:
        """Wait for every worker to finish (for shutdown and tests)."""
        return bool(self._pool.waitForDone(msecs))

    def uses_callables(self) -> bool | None:
        """Whether the binding starts plain callables (None until the first start)."""
        return _callable_start
