"""Refused items in the Ingest tab: shown as refused with the reason, never ticked, never
assigned; a run's refused results keep saying so."""

from __future__ import annotations

from pathlib import Path

import pytest
from qtpy import QtCore

from axiom_publisher.core.errors import BadInputError
from axiom_publisher.core.ingest import IngestItem, IngestPlan, ItemResult, Outcome, assign
from axiom_publisher.core.types import PublishContext, Source, SourceFile
from axiom_publisher.ui.ingest.models import OUTCOME_COLOURS, OUTCOME_ROLE, IngestItemsModel
from axiom_publisher.ui.ingest.runs_model import counts_text
from axiom_publisher.ui.qtcompat import enum_value
from tests.ui.ingest.test_models import run

ROOT = Path("/deliveries/d1")
Role = QtCore.Qt.ItemDataRole
REASON = "a symbolic link to the file /etc/passwd, outside the delivery /deliveries/d1"


def plan() -> IngestPlan:
    movie = Source((SourceFile(ROOT / "ab010_plate.mov"),), str(ROOT / "ab010_plate.mov"), "mov")
    link = Source((SourceFile(ROOT / "ab020_ref.txt"),), str(ROOT / "ab020_ref.txt"), "")
    shot = PublishContext("proj", "ab010", "plate", "plate")
    return IngestPlan("proj", ROOT, (
        IngestItem(0, movie, shot, rule="r1", name="ab010_plate.mov"),
        IngestItem(1, link, None, reason=REASON, name="ab020_ref.txt", refused=True),
    ))  # fmt: skip


def test_a_refused_item_is_shown_refused_and_cannot_be_ticked_or_assigned() -> None:
    model, m = IngestItemsModel(), IngestItemsModel
    scanned = plan()
    model.set_plan(scanned)
    assert [item.index for item in scanned.refused] == [1] and scanned.unmatched == ()
    assert model.index(1, m.TARGET).data() == "refused"
    assert model.index(1, m.DETAILS).data() == REASON
    refused_colour = OUTCOME_COLOURS[Outcome.REFUSED]
    assert model.index(1, m.TARGET).data(Role.ForegroundRole).name() == refused_colour
    checked = enum_value(QtCore.Qt.CheckState.Checked)
    assert not model.setData(model.index(1, m.ITEM), checked, Role.CheckStateRole)
    assert model.checked() == (0,)
    with pytest.raises(BadInputError, match="refused"):
        assign(scanned, 1, PublishContext("proj", "ab020", "plate", "ref"))

    result = ItemResult(1, "ab020_ref.txt", None, Outcome.REFUSED, REASON)
    model.apply_results([result])
    assert model.index(1, m.OUTCOME).data(OUTCOME_ROLE) == "refused"
    model.set_run(run((result,)))
    assert model.index(0, m.TARGET).data() == "refused"
    assert model.index(0, m.DETAILS).data() == REASON


def test_the_counts_of_a_run_name_its_refused_items() -> None:
    past = run()
    assert "refused" not in counts_text(past)
    refused = type(past)(
        **{**{f: getattr(past, f) for f in past.__dataclass_fields__}, "refused": 2}
    )
    assert counts_text(refused).endswith(", 2 refused")
