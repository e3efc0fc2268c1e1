"""The watched drop folder: ingest each delivery once it has settled, and never twice.

A delivery is a visible sub-folder of the drop folder, or the drop folder itself when it has
none. Its fingerprint is a SHA-256 over the relative path, size and modification time of
every file in it (hidden files included, since copy tools write there first; AXIOM's own
summary files excluded). A delivery is ingested once the same fingerprint has been seen for
`settle` seconds by this watcher's clock (a file server's clock may differ from ours, so
mtimes are only compared, never aged).

State, and why it lives where it does:
- "already ingested" is the database: a finished ingest run of that folder whose summary
  holds the same fingerprint. It is shared by every workstation of a studio database,
  survives restarts and a wiped data folder, and is the record the run writes anyway, so
  there is no second truth to disagree with it. A run that crashed has no end and does not
  count: the delivery is ingested again, and what was published comes out as duplicates.
  A delivery that changes after its ingest (a late file) gets a new fingerprint and is
  ingested again once settled: only the new items are published.
- "seen unchanged since" is a small JSON file in the data folder (`ingest-watch.json`), so
  that `--once` from cron measures the settle window across invocations. Losing it only
  delays an ingest by one settle window.
"""

from __future__ import annotations

import enum
import hashlib
import json
import os
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from axiom_publisher.config import Settings, data_dir
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.errors import AxiomError, CancelledError, SourceNotFoundError
from axiom_publisher.core.ingest import SUMMARY_PREFIX, IngestRule, IngestRun
from axiom_publisher.db.ingest import list_ingest_runs
from axiom_publisher.publish.database import open_catalog_database
from axiom_publisher.publish.ingest.record import write_atomically
from axiom_publisher.publish.ingest.run import run_ingest
from axiom_publisher.publish.ingest.scan import is_summary_file, scan_delivery
from axiom_publisher.publish.ingest.walk import inside, shown_name

STATE_NAME = "ingest-watch.json"


class WatchStatus(str, enum.Enum):
    WAITING = "waiting"  # new or changed: seen unchanged for less than the settle time
    INGESTED = "ingested"
    DONE = "done"  # already ingested with this fingerprint
    EMPTY = "empty"
    ERROR = "error"  # the scan or the run could not start (tried again on the next look)
    REFUSED = "refused"  # a symbolic link out of the drop folder: never read


@dataclass(frozen=True, slots=True)
class WatchEvent:
    delivery: Path
    status: WatchStatus
    fingerprint: str
    run: IngestRun | None = None
    wait: float = 0.0  # seconds until it settles, when waiting
    message: str = ""


def deliveries(drop: Path) -> list[Path]:
    """The deliveries of the drop folder: its visible sub-folders, else itself."""
    if not drop.is_dir():
        raise SourceNotFoundError(f"the drop folder {drop} does not exist or is not a folder")
    folders = sorted(p for p in drop.iterdir() if p.is_dir() and not p.name.startswith("."))
    return folders or [drop]


def escapes(settings: Settings, drop: Path, delivery: Path) -> str | None:
    """Why the delivery `delivery` (a symbolic link in the drop folder) may not be read, or
    None: like a link inside a delivery, it may only lead inside the drop folder or into
    the trees of [ingest] allow_links_into."""
    if not delivery.is_symlink():
        return None
    real = os.path.realpath(delivery)
    trees = [
        os.path.realpath(drop),
        *(os.path.realpath(t) for t in settings.ingest.allow_links_into),
    ]
    if any(inside(real, tree) for tree in trees):
        return None
    return (
        f"a symbolic link to {shown_name(real)}, outside the drop folder {os.path.realpath(drop)}: "
        "links may only lead inside it or into the trees of [ingest] allow_links_into"
    )


def _ours(name: str) -> bool:
    return is_summary_file(name) or name.startswith(f".{SUMMARY_PREFIX}")


def fingerprint(root: Path) -> tuple[str, int]:
    """(SHA-256 of every file's relative path, size and mtime, number of files)."""
    digest = hashlib.sha256()
    files = 0
    for folder, folders, names in os.walk(root):
        folders.sort()
        for name in sorted(names):
            if _ours(name):
                continue
            path = Path(folder) / name
            try:
                status = path.stat()
            except FileNotFoundError:  # removed while we looked: still changing
                continue
            relative = path.relative_to(root).as_posix()
            digest.update(f"{relative}\0{status.st_size}\0{status.st_mtime_ns}\n".encode())
            files += 1
    return digest.hexdigest(), files


class _State:
    """Fingerprint and first-seen time of each delivery not yet ingested."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            loaded = json.loads(path.read_text(encoding="utf-8"))
            self.seen: dict[str, list[object]] = dict(loaded.get("seen", {}))
        except (OSError, ValueError, AttributeError):
            self.seen = {}

    def since(self, key: str, print_: str, now: float) -> float:
        entry = self.seen.get(key)
        if entry and entry[0] == print_ and isinstance(entry[1], (int, float)):
            return float(entry[1])
        self.seen[key] = [print_, now]
        return now

    def forget(self, key: str) -> None:
        self.seen.pop(key, None)

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(self.path, json.dumps({"seen": self.seen}, indent=1).encode("utf-8"))


def default_state_file() -> Path:
    return data_dir(os.environ) / STATE_NAME


def _ingested(settings: Settings, delivery: Path, print_: str) -> IngestRun | None:
    with open_catalog_database(settings) as database:
        runs = database.run(lambda s: list_ingest_runs(s, source_dir=str(delivery), limit=1000))
    return next((r for r in runs if r.finished and r.fingerprint == print_), None)


def watch_once(
    settings: Settings,
    drop: Path,
    project: str,
    *,
    settle: float | None = None,
    now: float | None = None,
    state_file: Path | None = None,
    rules: Sequence[IngestRule] | None = None,
    workers: int | None = None,
    cancel: CancelToken | None = None,
    on_event: Callable[[WatchEvent], None] | None = None,
    colorspace: str | None = None,
) -> list[WatchEvent]:
    """Look at every delivery once; ingest the settled ones. `now`: seconds (time.time());
    `colorspace`: the colour space of every item (run_ingest)."""
    settle = settings.ingest.settle_seconds if settle is None else settle
    now = time.time() if now is None else now
    state = _State(state_file or default_state_file())
    events: list[WatchEvent] = []
    drop = Path(drop).expanduser().absolute()
    for delivery in deliveries(drop):
        refusal = escapes(settings, drop, delivery)
        if refusal is not None:
            event = WatchEvent(delivery, WatchStatus.REFUSED, "", message=refusal)
            events.append(event)
            if on_event is not None:
                on_event(event)
            continue
        print_, files = fingerprint(delivery)
        key = str(delivery)
        if files == 0:
            event = WatchEvent(delivery, WatchStatus.EMPTY, print_)
        elif (done := _ingested(settings, delivery, print_)) is not None:
            state.forget(key)
            event = WatchEvent(delivery, WatchStatus.DONE, print_, done, message=f"run {done.id}")
        elif (left := state.since(key, print_, now) + settle - now) > 0:
            event = WatchEvent(delivery, WatchStatus.WAITING, print_, wait=left)
        else:
            state.save()  # the observation survives a crash during the run
            try:
                plan = scan_delivery(settings, delivery, project, rules, cancel=cancel)
                run = run_ingest(settings, plan, workers=workers, cancel=cancel,
                                 fingerprint=print_, colorspace=colorspace)  # fmt: skip
            except CancelledError:
                raise
            except AxiomError as error:
                event = WatchEvent(delivery, WatchStatus.ERROR, print_, message=str(error))
            else:
                state.forget(key)
                event = WatchEvent(delivery, WatchStatus.INGESTED, print_, run)
        state.save()
        events.append(event)
        if on_event is not None:
            on_event(event)
    return events


def watch(
    settings: Settings,
    drop: Path,
    project: str,
    *,
    settle: float | None = None,
    interval: float = 5.0,
    cancel: CancelToken,
    on_event: Callable[[WatchEvent], None],
    state_file: Path | None = None,
    rules: Sequence[IngestRule] | None = None,
    workers: int | None = None,
    colorspace: str | None = None,
) -> None:
    """Watch until cancelled, looking every `interval` seconds."""
    while not cancel.cancelled:
        watch_once(
            settings, drop, project, settle=settle, state_file=state_file, rules=rules,
            workers=workers, cancel=cancel, on_event=on_event, colorspace=colorspace,
        )  # fmt: skip
        deadline = time.monotonic() + interval
        while not cancel.cancelled and time.monotonic() < deadline:
            time.sleep(min(0.2, interval))
