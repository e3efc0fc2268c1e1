"""The Ingest tab's project: the projects to choose from, and the chosen one's naming rules
(from its config), loaded in workers; a change reloads the rules and the history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from qtpy import QtCore

from axiom_publisher.ui.ingest import jobs

if TYPE_CHECKING:
    from axiom_publisher.ui.ingest.tab import IngestTab


class ProjectController(QtCore.QObject):
    """Fills the tab's project picker and follows its choice."""

    def __init__(self, tab: IngestTab, wanted: str = "") -> None:
        super().__init__(tab)
        self.tab = tab
        self.wanted = wanted
        tab.delivery.project.currentIndexChanged.connect(self._chosen)

    def refresh(self) -> None:
        self.tab.submit(jobs.projects_job(self.tab.settings), "ingest projects",
            finished=self._loaded, failed=self.tab._on_failure("load the projects"),
        )  # fmt: skip

    def choose(self, code: str) -> None:
        """Choose `code` now, or as soon as the projects are loaded."""
        self.wanted = code
        position = self.tab.delivery.project.findText(code)
        if position >= 0:
            self.tab.delivery.project.setCurrentIndex(position)

    def _loaded(self, result: object) -> None:
        tab = self.tab
        codes = [str(code) for code in result] if isinstance(result, list) else []
        tab.delivery.set_projects(codes, self.wanted or tab.project())
        if not codes:
            tab.log("There is no project yet: create one with `axiom project create`.")
        tab.projects_loaded.emit(codes)
        self._chosen()

    def _chosen(self, *_: object) -> None:
        tab = self.tab
        project = tab.project()
        tab.rules = None
        tab.delivery.show_rules(None, "loading the rules\u2026" if project else " ")
        tab.put_plan_away(project)
        if project:
            self.wanted = project
            tab.picker.set_context(project)
            tab.submit(jobs.rules_job(tab.settings, project), "ingest rules",
                finished=lambda rules: self._rules_loaded(project, rules),
                failed=tab._on_failure(f"read the naming rules of {project}"),
            )  # fmt: skip
            tab.history.refresh()
        tab._update()

    def _rules_loaded(self, project: str, result: object) -> None:
        tab = self.tab
        if project != tab.project():
            return
        tab.rules = list(result) if isinstance(result, list) else []
        tab.delivery.show_rules(tab.rules)
        tab.rules_loaded.emit(tab.rules)
