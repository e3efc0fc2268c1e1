"""Project / shot-or-asset / task / product pickers, filled from the database in workers."""

from __future__ import annotations

from collections.abc import Callable

from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import AxiomError, InvalidNameError
from axiom_publisher.core.names import validate_name
from axiom_publisher.core.types import EntityKind, PublishContext
from axiom_publisher.ui.publish.jobs import (
    Job,
    ProductIndex,
    entities_job,
    products_job,
    projects_job,
)
from axiom_publisher.ui.workers import WorkerPool

ERROR_STYLE = "color: #d9534f;"


def describe_error(error: object) -> str:
    """A sentence for people: AXIOM errors say what to do; anything else names its type."""
    if isinstance(error, AxiomError):
        return str(error)
    return f"unexpected error ({type(error).__name__}): {error}"


class ContextPicker(QtWidgets.QWidget):
    """Emits `changed` whenever the context (or its validity) changes, `target_changed`
    when the project or the shot/asset changes (the analysis depends on them) and
    `error(str)` when a query fails."""

    changed = QtCore.Signal()
    target_changed = QtCore.Signal()
    error = QtCore.Signal(str)
    loading_changed = QtCore.Signal(bool)

    def __init__(
        self, settings: Settings, pool: WorkerPool, parent: QtWidgets.QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.pool = pool
        self._serial: dict[str, int] = {}  # query name -> serial of the newest request
        self._pending = 0
        self._index: ProductIndex | None = None
        self._wanted: dict[str, str] = {}
        self._target: tuple[str, str, EntityKind] | None = None
        # False once Qt deleted the picker (with its window): a query's result that arrives
        # later is dropped, never handled by combo boxes that are gone.
        self._alive = alive = [True]
        self.destroyed.connect(lambda *_: alive.clear())

        self.project = QtWidgets.QComboBox()
        self.project.setMinimumContentsLength(12)
        self.shot_button = QtWidgets.QRadioButton("Shot")
        self.asset_button = QtWidgets.QRadioButton("Asset")
        self.shot_button.setChecked(True)
        self.kind_group = QtWidgets.QButtonGroup(self)
        self.kind_group.addButton(self.shot_button)
        self.kind_group.addButton(self.asset_button)
        self.entity = QtWidgets.QComboBox()
        self.entity.setMinimumContentsLength(12)
        self.task = QtWidgets.QComboBox()
        self.task.setEditable(True)
        self.task.setMinimumContentsLength(12)
        self.product = QtWidgets.QComboBox()
        self.product.setEditable(True)
        self.product.setMinimumContentsLength(14)
        line = self.product.lineEdit()
        if line is not None:
            line.setPlaceholderText("new or existing product")
        self.name_error = QtWidgets.QLabel()
        self.name_error.setWordWrap(True)
        self.name_error.setStyleSheet(ERROR_STYLE)
        self.name_error.hide()
        self.next_version = QtWidgets.QLabel()
        self.next_version.setObjectName("nextVersion")

        kind = QtWidgets.QHBoxLayout()
        kind.setContentsMargins(0, 0, 0, 0)
        kind.addWidget(self.shot_button)
        kind.addWidget(self.asset_button)
        grid = QtWidgets.QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QtWidgets.QLabel("Project"), 0, 0)
        grid.addWidget(self.project, 0, 1)
        grid.addLayout(kind, 0, 2)
        grid.addWidget(self.entity, 0, 3)
        grid.addWidget(QtWidgets.QLabel("Task"), 1, 0)
        grid.addWidget(self.task, 1, 1)
        grid.addWidget(QtWidgets.QLabel("Product"), 1, 2, QtCore.Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.product, 1, 3)
        grid.addWidget(self.next_version, 0, 4, 2, 1)
        grid.addWidget(self.name_error, 2, 0, 1, 5)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        grid.setColumnStretch(4, 1)

        self.project.currentIndexChanged.connect(self._project_chosen)
        self.kind_group.buttonToggled.connect(self._kind_toggled)
        self.entity.currentIndexChanged.connect(self._entity_chosen)
        self.task.currentTextChanged.connect(self._task_edited)
        self.product.currentTextChanged.connect(lambda _: self._update())
        self._update()

    # -- API --------------------------------------------------------------------------------

    @property
    def kind(self) -> EntityKind:
        return EntityKind.ASSET if self.asset_button.isChecked() else EntityKind.SHOT

    @property
    def loading(self) -> bool:
        return self._pending > 0

    def refresh(self) -> None:
        """Load the projects (and, once chosen, the shots/assets and products) again."""
        self._query("projects", projects_job(self.settings), self._projects_loaded)

    def refresh_products(self) -> None:
        """Reload the chosen shot's products and version numbers (after a publish)."""
        target = self.target()
        if target is not None:
            project, entity, _ = target
            job = products_job(self.settings, project, entity)
            self._query("products", job, self._products_loaded)

    def set_context(
        self,
        project: str,
        entity: str | None = None,
        task: str | None = None,
        product: str | None = None,
        kind: EntityKind = EntityKind.SHOT,
    ) -> None:
        """Select this context as soon as the lists holding it are loaded (hosts, tests)."""
        self._wanted = {"project": project}
        for key, value in (("entity", entity), ("task", task), ("product", product)):
            if value is not None:
                self._wanted[key] = value
        (self.asset_button if kind is EntityKind.ASSET else self.shot_button).setChecked(True)
        if self.project.findText(project) >= 0:
            self._select(self.project, project)
            self._project_chosen()
        if task is not None:
            self.task.setCurrentText(task)
        if product is not None:
            self.product.setCurrentText(product)

    def target(self) -> tuple[str, str, EntityKind] | None:
        """(project, shot or asset, kind) once both are chosen."""
        project, entity = self.project.currentText(), self.entity.currentText()
        if not project or not entity or not self.entity.isEnabled():
            return None
        return project, entity, self.kind

    def context(self) -> PublishContext | None:
        """The full context when every name is chosen and valid, else None."""
        target = self.target()
        if target is None or self.problem():
            return None
        project, entity, kind = target
        return PublishContext(
            project, entity, self.task.currentText().strip(),
            self.product.currentText().strip(), kind,
        )  # fmt: skip

    def problem(self) -> str:
        """Why there is no context yet ("" when there is one)."""
        if self.loading:
            return "loading the projects and shots…"
        if not self.project.currentText():
            return "choose a project"
        if not self.entity.currentText():
            return f"choose a {self.kind.value}"
        for combo, what in ((self.task, "task"), (self.product, "product")):
            text = combo.currentText().strip()
            if not text:
                return f"name the {what}"
            try:
                validate_name(text, what)
            except InvalidNameError as error:
                return str(error)
        return ""

    # -- queries ----------------------------------------------------------------------------

    def _query(self, name: str, job: Job, done: Callable[[object], None]) -> None:
        serial = self._serial.get(name, 0) + 1
        self._serial[name] = serial
        self._set_pending(+1)

        alive = self._alive

        def finished(result: object) -> None:
            if alive and self._serial.get(name) == serial:  # else: gone, or a newer request
                done(result)

        def failed(error: object) -> None:
            if alive and self._serial.get(name) == serial:
                self.error.emit(f"Could not load the {name}: {describe_error(error)}")

        def ended() -> None:
            if alive:
                self._set_pending(-1)

        self.pool.submit(job, name, finished=finished, failed=failed, done=ended)

    def _set_pending(self, step: int) -> None:
        was = self.loading
        self._pending += step
        if was != self.loading:
            self.loading_changed.emit(self.loading)
        self._update()

    def _projects_loaded(self, result: object) -> None:
        codes = [str(code) for code in result] if isinstance(result, list) else []
        wanted = self._wanted.pop("project", "") or self.project.currentText()
        self._fill(self.project, codes, wanted)
        if not codes:
            self.error.emit("There is no project yet: create one with `axiom project create`.")
        self._project_chosen()

    def _project_chosen(self, *_: object) -> None:
        self._load_entities()

    def _kind_toggled(self, button: QtWidgets.QAbstractButton, checked: bool) -> None:
        if checked:
            self._load_entities()

    def _load_entities(self) -> None:
        project = self.project.currentText()
        self._index = None
        self._fill(self.entity, [], "")
        self.entity.setEnabled(False)
        self._target_maybe_changed()
        if project:
            job = entities_job(self.settings, project, self.kind)
            self._query("shots and assets", job, self._entities_loaded)

    def _entities_loaded(self, result: object) -> None:
        codes = [str(code) for code in result] if isinstance(result, list) else []
        self._fill(self.entity, codes, self._wanted.pop("entity", ""))
        self.entity.setEnabled(bool(codes))
        self._entity_chosen()

    def _entity_chosen(self, *_: object) -> None:
        self._index = None
        self._target_maybe_changed()
        self.refresh_products()
        self._update()

    def _products_loaded(self, result: object) -> None:
        if not isinstance(result, ProductIndex):
            return
        self._index = result
        task = self._wanted.pop("task", "") or self.task.currentText() or self.settings.default_task
        tasks = sorted({*result.tasks, self.settings.default_task})
        self._fill(self.task, tasks, task)
        self._task_edited(self.task.currentText())

    def _task_edited(self, task: str) -> None:
        products = self._index.products(task.strip()) if self._index is not None else []
        product = self._wanted.pop("product", "") or self.product.currentText()
        self._fill(self.product, products, product)
        self._update()

    # -- helpers ----------------------------------------------------------------------------

    def _target_maybe_changed(self) -> None:
        target = self.target()
        if target != self._target:
            self._target = target
            self.target_changed.emit()

    @staticmethod
    def _fill(combo: QtWidgets.QComboBox, values: list[str], wanted: str) -> None:
        blocked = combo.blockSignals(True)
        combo.clear()
        combo.addItems(values)
        if wanted:
            ContextPicker._select(combo, wanted)
        combo.blockSignals(blocked)

    @staticmethod
    def _select(combo: QtWidgets.QComboBox, text: str) -> None:
        position = combo.findText(text)
        if position >= 0:
            combo.setCurrentIndex(position)
        elif combo.isEditable():
            combo.setEditText(text)

    def _update(self) -> None:
        problem = self.problem()
        name_problem = problem if problem.startswith("the ") else ""
        self.name_error.setText(name_problem)
        self.name_error.setVisible(bool(name_problem))
        context = self.context()
        if context is None or self._index is None:
            self.next_version.setText("Next version: –")
        else:
            number = self._index.next_number(context.task, context.product)
            new = "" if number > 1 else ", new product"
            self.next_version.setText(
                f"Next version: <b>v{number:03d}</b> (preview{new}: reserved at publish)"
            )
        self.changed.emit()
