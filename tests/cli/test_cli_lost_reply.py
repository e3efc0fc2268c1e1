"""A publish whose connection drops after the server did the work but before the client
heard it: the outcome is read back from the database, and the database and the folder
agree, with an exit code that says so (issue 12, item 1).

A TCP proxy (tests/pgproxy.py) sits between `axiom publish` and PostgreSQL; it lets the
server execute one chosen statement and cuts the connection before its answer reaches the
client. The statements are the ones a clean publish sends (recorded through the proxy).
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from tests.cli.conftest import Axiom
from tests.pgproxy import PgProxy
from tests.roots import publish_root

pytestmark = pytest.mark.postgres
FOLDER = ("proj", "sh010", "main")


@pytest.fixture
def direct(
    pg_url: str, tmp_path: Path, axiom_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> Axiom:
    """`axiom` straight to the test's PostgreSQL database (to set up and read the truth)."""
    axiom = Axiom(pg_url, publish_root(tmp_path / "publish"), capsys)
    axiom.ok("project", "create", "proj")
    axiom.ok("shot", "create", "proj", "sh010")
    return axiom


@pytest.fixture
def proxy(pg_url: str) -> PgProxy:
    port = int(pg_url.rsplit("/", 1)[0].rsplit(":", 1)[1])
    with PgProxy(port) as running:
        yield running  # type: ignore[misc]


@pytest.fixture
def frames(tmp_path: Path) -> str:
    folder = tmp_path / "frames"
    folder.mkdir()
    for frame in range(1, 4):
        (folder / f"raw.{frame:04d}.bin").write_bytes(os.urandom(16 << 10))  # no decoding
    return str(folder / "raw.####.bin")


def _publish(direct: Axiom, proxy: PgProxy, frames: str, product: str) -> int:
    through = Axiom(proxy.url(direct.db_url), direct.root, direct._capsys)
    target = ("--project", "proj", "--shot", "sh010", "--product", product)
    return through("publish", frames, *target, "--json").code


def _disagreement(direct: Axiom, product: str, code: int) -> str | None:
    """What is wrong between the exit code, the database and the folder (None: nothing)."""
    versions = [v for v in direct.ok("versions", "--json").json() if v["product"] == product]
    published = sorted(f"v{v['version']:03d}" for v in versions if v["status"] == "published")
    folder = direct.root.joinpath(*FOLDER, product)
    left = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    states = sorted(v["status"] for v in versions)
    if left != published:
        return f"exit {code}: database {states} {published}, folder {left}"
    if code != 3 and "staging" in states:  # a reservation nobody will finish (orphan lease)
        return f"exit {code}: database {states} {published}: a version is left staging"
    if (code == 0) != bool(published):
        return f"exit {code} but published {published}"
    if code not in (0, 1, 3):
        return f"exit {code}"
    for name in left:  # the files themselves are checked by `axiom verify` afterwards
        if not any(p.is_file() for p in (folder / name).rglob("*")):
            return f"exit {code}: {name} is empty"
    return None


def _statements(direct: Axiom, proxy: PgProxy, frames: str) -> list[tuple[str, int]]:
    """Each statement a clean publish sends: (its text, how many times it came before)."""
    start = len(proxy.statements)
    assert _publish(direct, proxy, frames, "calibration") == 0
    seen: Counter[str] = Counter()
    points = []
    for text in proxy.statements[start:]:
        points.append((text, seen[text]))
        seen[text] += 1
    return points


def _the_commit(points: list[tuple[str, int]]) -> tuple[str, int]:
    """The COMMIT that makes the version published (after the UPDATE setting published_at)."""
    marked = next(i for i, (text, _) in enumerate(points) if "published_at=" in text)
    return next(point for point in points[marked:] if point[0].strip().upper() == "COMMIT")


def _the_reservation_commit(points: list[tuple[str, int]]) -> tuple[str, int]:
    """The COMMIT of the reservation (after the INSERT of the staging version)."""
    inserted = next(i for i, (text, _) in enumerate(points) if "INSERT INTO version " in text)
    return next(point for point in points[inserted:] if point[0].strip().upper() == "COMMIT")


def _sweep(
    direct: Axiom,
    proxy: PgProxy,
    frames: str,
    points: list[tuple[str, int]],
    runs: int,
    first: int = 0,
) -> tuple[list[str], Counter[int]]:
    problems: list[str] = []
    codes: Counter[int] = Counter()
    for number, (text, occurrence) in enumerate(points):
        if number < first:
            continue
        for run in range(runs):
            product = f"p{number:02d}r{run:02d}"
            proxy.drop_reply_to(text, occurrence)
            code = _publish(direct, proxy, frames, product)
            codes[code] += 1
            if not proxy.fired:
                problems.append(f"{text[:60]!r} #{occurrence}: never sent")
                continue
            problem = _disagreement(direct, product, code)
            if problem is not None:
                problems.append(f"{text[:60]!r} #{occurrence}, run {run}: {problem}")
    return problems, codes


def test_lost_reply_to_the_publish_commit_reports_the_published_version(
    direct: Axiom, proxy: PgProxy, frames: str
) -> None:
    commit = _the_commit(_statements(direct, proxy, frames))
    problems, codes = _sweep(direct, proxy, frames, [commit], runs=3)
    assert problems == [], "\n".join(problems)
    assert codes == Counter({0: 3})  # the server committed: published, kept, exit 0
    verify = direct("verify", "--json")
    assert verify.code == 0, verify.out


def test_lost_reply_to_the_reservation_commit_reuses_the_reserved_version(
    direct: Axiom, proxy: PgProxy, frames: str
) -> None:
    """The retry of a reservation whose COMMIT went through unheard finds its own version
    by the client's token: v001 is published, no second number is taken, nothing staging."""
    reservation = _the_reservation_commit(_statements(direct, proxy, frames))
    problems, codes = _sweep(direct, proxy, frames, [reservation], runs=3)
    assert problems == [], "\n".join(problems)
    assert codes == Counter({0: 3})
    for run in range(3):
        versions = [
            (v["version"], v["status"])
            for v in direct.ok("versions", "--json").json()
            if v["product"] == f"p00r{run:02d}"
        ]
        assert versions == [(1, "published")]
    verify = direct("verify", "--json")
    assert verify.code == 0, verify.out


def test_lost_reply_to_the_commit_and_no_database_leaves_the_folder_and_exits_3(
    direct: Axiom, proxy: PgProxy, frames: str
) -> None:
    commit = _the_commit(_statements(direct, proxy, frames))
    proxy.refuse_after_cut = True
    through = Axiom(proxy.url(direct.db_url), direct.root, direct._capsys)
    proxy.drop_reply_to(*commit)
    done = through.publish(frames, product="gone")
    assert done.code == 3, done.err
    assert "verify --repair" in done.err
    # The server did commit: the folder it calls published is still in place.
    assert _disagreement(direct, "gone", 0) is None
    verify = direct("verify", "--json")
    assert verify.code == 0, verify.out


@pytest.mark.slow  # about 50 statements, 3 minutes on a loaded 2-core machine
def test_lost_reply_to_each_statement_of_a_publish_leaves_database_and_folder_agreeing(
    direct: Axiom, proxy: PgProxy, frames: str
) -> None:
    points = _statements(direct, proxy, frames)
    problems, codes = _sweep(direct, proxy, frames, points, runs=1)
    assert problems == [], "\n".join(problems)
    assert codes[0] > 0, codes
    repair = direct("verify", "--repair", "--json")  # leases of lost reservations: none live
    assert repair.code in (0, 1), repair.err


# Read at import: the axiom_env fixture removes every AXIOM_* variable during a test.
SWEEP_FROM = int(os.environ.get("AXIOM_LOST_REPLY_FROM", "0"))  # resume a sweep cut short


@pytest.mark.slow
@pytest.mark.skipif(
    os.environ.get("AXIOM_LOST_REPLY_SWEEP") != "1",
    reason="the 20-run sweep takes about an hour: run it by hand with AXIOM_LOST_REPLY_SWEEP=1 "
    "(the default suite loses the reply to each statement once)",
)
@pytest.mark.timeout(5400)  # ~1000 publishes, ~3 s each on a loaded 2-core machine
def test_lost_reply_sweep_20_runs_each(direct: Axiom, proxy: PgProxy, frames: str) -> None:
    points = _statements(direct, proxy, frames)
    first = SWEEP_FROM
    problems, codes = _sweep(direct, proxy, frames, points, runs=20, first=first)
    print(f"{len(points) - first} of {len(points)} statements x 20 runs: exit codes {dict(codes)}")
    assert problems == [], "\n".join(problems)
