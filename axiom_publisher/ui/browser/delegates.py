"""Painting for the versions table: the QC verdict and the tracker delivery as badges."""

from __future__ import annotations

from qtpy import QtGui

from axiom_publisher.core.qc import QCStatus
from axiom_publisher.ui.badges import BadgeDelegate
from axiom_publisher.ui.browser.models import DELIVERY_ROLE
from axiom_publisher.ui.style import qc_colour
from axiom_publisher.ui.table_model import QC_ROLE, AnyIndex

VERDICTS = {status.value: status for status in QCStatus}


class QCBadgeDelegate(BadgeDelegate):
    """A rounded pill (PASS green, WARN amber, FAIL red) instead of the verdict's text."""

    def badge(self, index: AnyIndex) -> tuple[str, QtGui.QColor] | None:
        verdict = VERDICTS.get(index.data(QC_ROLE))  # a QCStatus arrives as its str value
        return (verdict.value.upper(), qc_colour(verdict)) if verdict is not None else None


class DeliveryBadgeDelegate(BadgeDelegate):
    """The tracker delivery state as a pill (SENT green, PENDING / SENDING amber, FAILED and
    GAVE UP red); the model's tooltip says when and why."""

    def badge(self, index: AnyIndex) -> tuple[str, QtGui.QColor] | None:
        value = index.data(DELIVERY_ROLE)
        return value if isinstance(value, tuple) else None
