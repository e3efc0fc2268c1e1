"""The publish dialog inside a host (Nuke, Maya, Houdini), or over the standalone app.

`HostPublishWidget` is the PublishWidget with the host's outputs added as items (with the
colour space and frame range the host declares), the context guessed from the scene path
(else the last one used), and, before publishing, the scene saved (after asking) on the
main thread; then the work file and the renders made from it are published in the pool
(publish.host_publish). Host API calls happen on the main thread only: `collect` and
`publish` run there (menu commands and button clicks).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from qtpy import QtCore, QtWidgets

from axiom_publisher.config import Settings
from axiom_publisher.core.errors import HostError
from axiom_publisher.core.host import CollectedOutput, Host, OutputKind
from axiom_publisher.core.types import EntityKind, PublishContext, PublishItem
from axiom_publisher.publish.inspect import Inspection
from axiom_publisher.publish.scene_context import GuessedContext
from axiom_publisher.ui.publish.context_picker import describe_error
from axiom_publisher.ui.publish.jobs import Job, guess_job, host_publish_job
from axiom_publisher.ui.publish.widget import PublishWidget
from axiom_publisher.ui.style import dark_palette, style_sheet
from axiom_publisher.ui.workers import WorkerPool

SAVE_AND_PUBLISH = "Save and publish"
LAST_CONTEXT_KEY = "publish/last_context"


def host_key(host: Host) -> str:
    """`nuke` for `com.foundry.nuke`: what versions record as their host."""
    return host.identifier.rsplit(".", 1)[-1]


def ask_to_save(parent: QtWidgets.QWidget, title: str, text: str) -> bool:
    """Save and publish (True) or Cancel (False), in a message box over `parent`."""
    box = QtWidgets.QMessageBox(parent)
    box.setObjectName("axiomSaveQuestion")
    box.setIcon(QtWidgets.QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    save = box.addButton(SAVE_AND_PUBLISH, QtWidgets.QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QtWidgets.QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(save)
    box.setEscapeButton(cancel)
    box.exec_()
    return box.clickedButton() is save


def tell(parent: QtWidgets.QWidget, title: str, text: str) -> None:
    """An information box over `parent` (OK closes it)."""
    box = QtWidgets.QMessageBox(parent)
    box.setObjectName("axiomSaveFirst")
    box.setIcon(QtWidgets.QMessageBox.Icon.Information)
    box.setWindowTitle(title)
    box.setText(text)
    box.exec_()


class HostPublishWidget(PublishWidget):
    """A PublishWidget fed by a host: its outputs as items, its scene saved and published.

    `ask_save(title, text) -> bool` and `inform(title, text)` are the questions it asks
    (message boxes by default; replaceable, e.g. by a test or a batch host)."""

    def __init__(
        self,
        settings: Settings,
        host: Host,
        pool: WorkerPool | None = None,
        parent: QtWidgets.QWidget | None = None,
        *,
        state: QtCore.QSettings | None = None,
    ) -> None:
        super().__init__(settings, pool, parent, host=host_key(host))
        self.scene_host = host
        self.state = state
        self.workfile_output: CollectedOutput | None = None  # None: the host has no scene
        self.scene: Path | None = None  # the saved scene of the publish under way
        self.ask_save: Callable[[str, str], bool] = lambda t, x: ask_to_save(self, t, x)
        self.inform: Callable[[str, str], None] = lambda t, x: tell(self, t, x)
        self.published.connect(lambda _: self._remember_context())

    # -- collect (main thread) --------------------------------------------------------------

    def collect(self) -> list[CollectedOutput]:
        """Ask the host for its outputs (on the main thread) and add the enabled renders and
        caches not in the list yet; disabled ones are logged with the host's note."""
        outputs = self.scene_host.collect()
        present = {row.path for row in self.rows}
        added = 0
        for output in outputs:
            if output.kind is OutputKind.WORKFILE:
                self.workfile_output = output
            elif not output.enabled:
                self._log(f"not added: {output.node} ({output.path or 'no path'}): {output.note}")
            elif output.path not in present:
                self.analyser.add_path(output.path, output.colorspace,
                    frame_range=output.frame_range, product=output.product,
                )  # fmt: skip
                added += 1
        workfile, name = self.workfile_output, self.scene_host.display_name
        if workfile is not None and workfile.path:
            self._log(f"{name}: {added} output(s) added; the scene {workfile.path} is saved "
                      f"and published with them as their work file")  # fmt: skip
        elif workfile is not None:
            self._log(f"{name}: {added} output(s) added; the scene is not saved: {workfile.note}")
        if self._publish_worker is None:  # never move the context under a publish
            made = [o for o in outputs if o.enabled and o.kind is not OutputKind.WORKFILE]
            self._choose_context(made)
        return outputs

    def _choose_context(self, outputs: Sequence[CollectedOutput]) -> None:
        product = outputs[0].product if outputs else None
        scene = self.scene_host.scene_path() if self.workfile_output is not None else None
        if scene is None:
            self._use_last_context(product)
            return

        def guessed(result: object) -> None:
            if isinstance(result, GuessedContext):
                self._log(f"context from the scene path: {result.project} / {result.entity}")
                self.set_context(result.project, result.entity, result.task, product, result.kind)
            else:
                self._use_last_context(product)

        self.pool.submit(guess_job(self.settings, scene), "guess context", finished=guessed,
            failed=lambda error: self.show_error(describe_error(error)),
        )  # fmt: skip

    def _use_last_context(self, product: str | None) -> None:
        value = self.state.value(LAST_CONTEXT_KEY, "") if self.state is not None else ""
        parts = str(value or "").split("/")
        if len(parts) != 5 or parts[1] not in {kind.value for kind in EntityKind}:
            return
        project, kind, entity, task, last_product = parts
        self.set_context(project, entity, task, product or last_product, EntityKind(kind))

    def _remember_context(self) -> None:
        context = self.picker.context()
        if self.state is not None and context is not None:
            value = "/".join((context.project, context.entity_kind.value, context.entity,
                              context.task, context.product))  # fmt: skip
            self.state.setValue(LAST_CONTEXT_KEY, value)

    # -- publish (main thread, then the pool) ------------------------------------------------

    def publish(self) -> None:
        """Save the scene first (asking when it has changes), then publish it with the
        items; without a scene (the standalone app) publish as PublishWidget does."""
        self.scene = None
        if self.publish_problem() or self.picker.context() is None:
            return
        if self.workfile_output is not None:
            scene = self._saved_scene()
            if scene is None:
                return
            self.scene, self.workfile = scene, str(scene)
        super().publish()

    def _saved_scene(self) -> Path | None:
        host, name = self.scene_host, self.scene_host.display_name
        path = host.scene_path()
        if path is None:
            how = (self.workfile_output.note if self.workfile_output else "") or (
                "save it once with File > Save As, in the shot's work folder"
            )
            text = (
                f"This {name} scene has never been saved, and its renders are published with "
                f"the work file they come from. {how[0].upper()}{how[1:]}, then publish again."
            )
            self.show_error(text)
            self.inform("Save the scene first", text)
            return None
        if host.scene_modified():
            text = (
                f"The {name} scene {path.name} has unsaved changes. Save it and publish it as "
                "the work file of these renders?"
            )
            if not self.ask_save("Save the scene?", text):
                self._log("publish cancelled: the scene was not saved")
                return None
            try:
                path = host.save_scene()
            except HostError as error:
                self.show_error(f"The scene could not be saved: {error}")
                return None
            self._log(f"saved {path}")
        return path

    def farm_scene(self) -> tuple[str | None, tuple[str, ...]]:
        if self.scene is None:
            return None, ()
        loads = self.workfile_output.loads if self.workfile_output is not None else ()
        return str(self.scene), tuple(loads)

    def publish_job(
        self, context: PublishContext, pairs: Sequence[tuple[PublishItem, Inspection]]
    ) -> Job:
        if self.scene is None:
            return super().publish_job(context, pairs)
        loads = self.workfile_output.loads if self.workfile_output is not None else ()
        return host_publish_job(self.settings, self.scene, context, pairs,
            comment=self.comment.text().strip(), host=self.host, loads=loads,
        )  # fmt: skip


class PublishDialog(QtWidgets.QDialog):
    """A non-modal window around a HostPublishWidget, parented to the host's main window."""

    def __init__(
        self,
        settings: Settings,
        host: Host,
        parent: QtWidgets.QWidget | None = None,
        *,
        state: QtCore.QSettings | None = None,
        pool: WorkerPool | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("AxiomPublishDialog")
        self.setWindowTitle(f"AXIOM Publish – {host.display_name}")
        self.setModal(False)
        self.widget = HostPublishWidget(settings, host, pool, self, state=state)
        layout = QtWidgets.QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.widget)
        self.resize(1100, 760)
        self.setStyleSheet(style_sheet())  # this window only: never restyle the host
        self.dark()
        self.widget.busy_changed.connect(self._idle)

    def dark(self) -> None:
        """The dark palette on the window and every widget in it: under a style sheet a
        widget takes the application's palette (a host's, or light) unless it has its own.
        Again after each publish or analysis (the report's new lines)."""
        palette = dark_palette()
        self.setPalette(palette)
        for child in self.findChildren(QtWidgets.QWidget):
            child.setPalette(palette)

    def _idle(self, busy: bool) -> None:
        if not busy:  # once the handler that ended the work has made the report
            QtCore.QTimer.singleShot(0, self.dark)

    def collect(self) -> list[CollectedOutput]:
        return self.widget.collect()

    def present(self) -> None:
        """Show, raise and activate. Closing only hides the dialog: its items (and a publish
        under way) are there again when the host's menu shows it next."""
        self.dark()  # widgets made since (the report's lines)
        self.show()
        self.raise_()
        self.activateWindow()
