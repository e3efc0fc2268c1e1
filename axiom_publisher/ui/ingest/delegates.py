"""Painting for the ingest table: an item's outcome as a coloured badge."""

from __future__ import annotations

from qtpy import QtGui

from axiom_publisher.core.ingest import Outcome
from axiom_publisher.ui.badges import BadgeDelegate
from axiom_publisher.ui.ingest.models import OUTCOME_COLOURS, OUTCOME_ROLE
from axiom_publisher.ui.table_model import AnyIndex

OUTCOMES = {outcome.value: outcome for outcome in Outcome}


class OutcomeBadgeDelegate(BadgeDelegate):
    """A rounded pill (PUBLISHED green, PLANNED blue, DUPLICATE violet, SKIPPED grey,
    FAILED red) instead of the outcome's text."""

    MIN_WIDTH = 96

    def badge(self, index: AnyIndex) -> tuple[str, QtGui.QColor] | None:
        outcome = OUTCOMES.get(index.data(OUTCOME_ROLE))
        if outcome is None:
            return None
        return outcome.value.upper(), QtGui.QColor(OUTCOME_COLOURS[outcome])
