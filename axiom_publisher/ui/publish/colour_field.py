"""The Publish tab's Colour space field: the selected item's colour space, as its file
declares it ("From the file") or as the user gives it, one of the OCIO config's colour
spaces (loaded by a worker). Choosing one analyses the item again with it, as
`axiom publish --colorspace NAME` would."""

from __future__ import annotations

from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.cancel import CancelToken
from axiom_publisher.core.media import MediaFacts
from axiom_publisher.core.types import ProgressCallback
from axiom_publisher.publish.inspect import colourspace_choices
from axiom_publisher.ui.publish.jobs import Job
from axiom_publisher.ui.publish.rows import ItemRow
from axiom_publisher.ui.workers import WorkerPool

FROM_FILE = "From the file"
TIP = (
    "The selected item's colour space. From the file: what its colour tags or header "
    "declare. Choose a colour space of the OCIO config when the file declares none or the "
    "wrong one; the item is analysed again with it."
)


def colour_text(facts: MediaFacts) -> str:
    """ "ACEScg (the file's header)", or "not declared (no colour tags)"."""
    colour = facts.colour
    if colour is None:
        return facts.colorspace or "not declared"
    if colour.name is None or colour.source is None:
        return f"not declared ({colour.found})"
    return f"{colour.name} ({colour.source.value})"


def colourspaces_job(settings: Settings) -> Job:
    """The colour spaces of the configured OCIO config (in a worker: it may be on a share)."""

    def job(progress: ProgressCallback, cancel: CancelToken) -> list[str]:
        return colourspace_choices(settings)

    return job


class ColourSpaceField(QtWidgets.QComboBox):
    """ "From the file" or a colour space name; `chosen` only on the user's choice."""

    chosen = QtCore.Signal(object)  # str | None (None: from the file)

    def __init__(self, parent: QtWidgets.QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("publishColourSpace")
        self.setToolTip(TIP)
        self.setSizeAdjustPolicy(QtWidgets.QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.addItem(FROM_FILE, None)
        self.activated.connect(lambda index: self.chosen.emit(self.itemData(index)))

    def load(self, pool: WorkerPool, settings: Settings) -> None:
        """Fill in the config's colour spaces from a worker."""
        pool.submit(
            colourspaces_job(settings), "colour spaces",
            finished=self.set_names, failed=lambda error: self.setToolTip(f"{TIP}\n\n{error}"),
        )  # fmt: skip

    def set_names(self, names: object) -> None:
        if not isinstance(names, list):
            return
        for name in names:
            if self.findData(name) < 0:
                self.addItem(str(name), str(name))

    def names(self) -> list[str]:
        return [self.itemText(index) for index in range(1, self.count())]

    def show_row(self, row: ItemRow | None) -> None:
        """Show `row`'s colour space (a host's name the config lacks is added)."""
        name = row.colorspace if row is not None else None
        if name is not None and self.findData(name) < 0:
            self.addItem(name, name)
        self.setCurrentIndex(self.findData(name) if name is not None else 0)
