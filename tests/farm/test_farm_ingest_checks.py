"""`axiom ingest DIR --farm` as a wrangler reads it: the printed line names the run and
every job id it queued (the ids `axiom jobs` lists); an item whose files this worker cannot
see fails at its start with the reason naming the path, and the run ends with it. Real
Redis child, real `axiom job run` and `axiom worker`, SQLite and PostgreSQL."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from axiom_publisher.media.synth import write_sequence
from tests.farm.conftest import Farm


def test_ingest_farm_prints_its_job_ids_and_a_hidden_source_fails_its_job(
    farm: Farm, tmp_path: Path
) -> None:
    farm.ok("shot", "create", "proj", "sh020", "--frames", "1001-1010", "--handles", "0")
    delivery = tmp_path / "delivery"
    write_sequence(delivery / "a", "sh010_plate", 1001, 1010, width=64, height=36)
    write_sequence(delivery / "b", "sh020_plate", 1001, 1010, width=64, height=36)

    code, out, err = farm("ingest", delivery, "--project", "proj", "--farm")

    assert code == 0, err
    shown = r"ingest run (\d+): 2 item\(s\) queued on the farm as job\(s\) ([\d, ]+) "
    found = re.search(shown, out)
    assert found, out
    printed = [int(text) for text in found.group(2).split(", ")]
    listed = farm.ok("jobs")
    assert sorted(printed) == sorted(job["id"] for job in listed)
    assert {job["kind"] for job in listed} == {"ingest_item"}

    hidden = next(j for j in listed if "/b/" in str(j["payload"]["source"]["files"][0][0]))
    moved = tmp_path / "elsewhere"
    shutil.move(delivery / "b", moved)  # this node does not see the submitter's folder
    code, _, err = farm("job", "run", str(hidden["id"]))
    assert code == 2, err
    missing = str(delivery / "b")
    assert "is not visible from worker" in err and missing in err
    failed = farm.job(hidden["id"])
    assert failed["status"] == "failed"
    assert "is not visible from worker" in failed["error"] and missing in failed["error"]

    other = next(j for j in listed if j["id"] != hidden["id"])
    assert farm.ok("job", "run", str(other["id"]))["status"] == "done"
    code, out, err = farm("ingest", "show", found.group(1), "--json")
    assert code == 1, err  # an item failed
    run = json.loads(out)
    assert run["ended_at"]  # the last item ended: the run is finished, the failure in it
    outcomes = sorted((r["outcome"], r["reason"]) for r in run["results"])
    assert [outcome for outcome, _ in outcomes] == ["failed", "published"], outcomes
