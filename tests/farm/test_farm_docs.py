"""docs/farm.md's worked example, run as it is written: `axiom publish ... --farm --json`,
the id read from it, and `deadlinecommand -SubmitCommandLineJob` handing `axiom job run ID`
to the farm. Deadline cannot be installed here: a stand-in `deadlinecommand` runs the task's
command line as a node would (its -executable with its -arguments). Real Redis child, the
real `axiom` command, SQLite and PostgreSQL."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.farm.conftest import REPO, Farm

DOC = REPO / "docs" / "farm.md"
DOC_SOURCE = "/show/renders/sh010_comp.####.exr"
# Deadline's command application, for what the example uses: run the one task it submits.
DEADLINECOMMAND = """#!/bin/sh
while [ $# -gt 0 ]; do
  case "$1" in
    -SubmitCommandLineJob) ;;
    -executable) executable=$2; shift ;;
    -arguments) arguments=$2; shift ;;
    *) shift ;;
  esac
  shift
done
exec "$executable" $arguments
"""


def worked_example() -> str:
    text = DOC.read_text(encoding="utf-8")
    section = text.split("## Worked example", 1)[1]
    return section.split("```sh\n", 1)[1].split("```", 1)[0]


def test_the_worked_example_publishes_through_the_farm_managers_command_line(
    farm: Farm, plate: Path, tmp_path: Path
) -> None:
    script = worked_example()
    assert DOC_SOURCE in script and "axiom job run" not in script  # the manager runs it
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    stand_in = bin_dir / "deadlinecommand"
    stand_in.write_text(DEADLINECOMMAND)
    stand_in.chmod(0o755)
    environment = dict(
        os.environ,
        AXIOM_DB_URL=farm.db_url,
        AXIOM_PUBLISH_ROOT=str(farm.root),
        PATH=os.pathsep.join((str(bin_dir), str(Path(sys.executable).parent), os.environ["PATH"])),
    )
    script = script.replace(DOC_SOURCE, str(plate / "plate.####.png"))
    ran = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", script],
        env=environment, cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stdout + ran.stderr

    (job,) = farm.ok("jobs")
    assert (job["status"], job["error"], job["kind"]) == ("done", None, "publish_item")
    (version,) = farm.ok("versions", "--project", "proj")
    assert (version["id"], version["product"], version["task"]) == (
        job["version_id"],
        "comp",
        "main",
    )
