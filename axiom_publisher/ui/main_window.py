"""The standalone main window: Publish, Review, Ingest and Farm tabs (or Review alone)."""

from __future__ import annotations

from qtpy import QtCore, QtGui, QtWidgets

from axiom_publisher import __version__
from axiom_publisher.config import Settings
from axiom_publisher.core.farm import FarmJobRecord
from axiom_publisher.core.ingest import IngestRun
from axiom_publisher.core.secrets import mask_secrets, url_secrets
from axiom_publisher.ui import window_state
from axiom_publisher.ui.farm.panel import FarmPanel
from axiom_publisher.ui.icons import icon
from axiom_publisher.ui.ingest.tab import IngestTab
from axiom_publisher.ui.outbox_pump import OutboxPump
from axiom_publisher.ui.publish_tab import PublishFactory, publish_tab_factory
from axiom_publisher.ui.review.tab import ReviewTab
from axiom_publisher.ui.tracker_status import TrackerStatusLabel
from axiom_publisher.ui.workers import WorkerPool

PUBLISH_TAB, REVIEW_TAB, INGEST_TAB, FARM_TAB = range(4)


def shown_database(url: str) -> str:
    """The database URL as people may see it: every password form masked."""
    return mask_secrets(url, url_secrets(url))


class MainWindow(QtWidgets.QMainWindow):
    """Tabs over one WorkerPool; geometry, last tab and project remembered per user.

    With `review_only` the window holds the Review tab alone (`axiom review`); it has no
    `publish_widget`, `ingest_widget` or `farm_panel` then.
    """

    publish_widget: QtWidgets.QWidget
    ingest_widget: IngestTab
    farm_panel: FarmPanel

    def __init__(
        self,
        settings: Settings,
        *,
        pool: WorkerPool | None = None,
        state: QtCore.QSettings | None = None,
        publish_factory: PublishFactory | None = None,
        review_only: bool = False,
        parent: QtWidgets.QWidget | None = None,
    ) -> None:
        """`state` holds the remembered window state (default: the user's INI file);
        `publish_factory` builds the Publish tab (default: publish_tab_factory)."""
        super().__init__(parent)
        self.settings = settings
        self.pool = pool or WorkerPool(self)
        self.state = state if state is not None else window_state.user_settings()
        self.review_only = review_only
        self._review_stale = False  # versions were written since the Review tab last loaded
        self.setWindowTitle("AXIOM Review" if review_only else "AXIOM Publisher")
        self.setWindowIcon(icon("app"))
        self.setObjectName("AxiomReviewWindow" if review_only else "AxiomMainWindow")
        self.resize(1400, 850)

        self.tabs = QtWidgets.QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setIconSize(QtCore.QSize(16, 16))
        project = window_state.text_value(self.state, "review/project") or None
        self.review = ReviewTab(settings, self.pool, project=project)
        self.browser = self.review.browser
        if review_only:
            self.tabs.addTab(self.review, icon("review"), "&Review")
            self.tabs.tabBar().hide()
        else:
            factory = publish_factory or publish_tab_factory
            self.publish_widget = factory(settings, self.pool, None)
            self.ingest_widget = IngestTab(settings, self.pool, project=project)
            self.ingest_widget.message.connect(self._show_message)
            self.tabs.addTab(self.publish_widget, icon("publish"), "&Publish")
            self.tabs.addTab(self.review, icon("review"), "&Review")
            self.tabs.addTab(self.ingest_widget, icon("ingest"), "&Ingest")
            self.farm_panel = FarmPanel(settings, self.pool)
            self.farm_panel.message.connect(self._show_message)
            self.tabs.addTab(self.farm_panel, icon("farm"), "F&arm")
        self.setCentralWidget(self.tabs)
        self.tabs.currentChanged.connect(self._update_actions)

        self._build_actions()
        if not review_only:  # F5 on the Ingest tab reloads its projects, rules and runs
            self.refresh_action.triggered.connect(self._refresh_ingest)
        self._build_status_bar()
        self.browser.project_changed.connect(self._remember_project)
        self.review.message.connect(self._show_message)
        self.review.selection_changed.connect(self._update_actions)
        if not review_only:  # what one tab publishes, the others show without F5
            published = getattr(self.publish_widget, "published", None)
            if published is not None:
                published.connect(self._catalogue_changed)
                published.connect(self.outbox.kick)
            self.ingest_widget.run_finished.connect(self._catalogue_changed)
            self.farm_panel.job_finished.connect(self._farm_job_finished)
            submitted = getattr(self.publish_widget, "farm_submitted", None)
            if submitted is not None:  # the jobs show in the Farm tab at once
                submitted.connect(lambda _jobs: self.farm_panel.refresh())
            self.ingest_widget.farm_submitted.connect(lambda _jobs: self.farm_panel.refresh())
            self.tabs.currentChanged.connect(self._refresh_stale_review)
        self.restore_state()
        self.review.refresh()
        if not review_only:
            self.ingest_widget.refresh()
            self.farm_panel.start()

    def _build_actions(self) -> None:
        self.refresh_action = QtWidgets.QAction(icon("refresh"), "&Refresh", self)
        self.refresh_action.setShortcut(QtGui.QKeySequence(QtGui.QKeySequence.StandardKey.Refresh))
        self.refresh_action.setToolTip("Reload projects and versions from the database (F5)")
        self.refresh_action.triggered.connect(self.review.refresh)
        self.open_action = QtWidgets.QAction(icon("folder"), "&Open version folder", self)
        self.open_action.setShortcut(QtGui.QKeySequence("Ctrl+O"))
        self.open_action.triggered.connect(self.review.open_selected_folder)
        self.open_action.setEnabled(False)
        quit_action = QtWidgets.QAction("&Quit", self)
        quit_action.setShortcut(QtGui.QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)

        self.tab_actions: list[QtWidgets.QAction] = []
        tabs = (
            ("Publish", "publish"),
            ("Review", "review"),
            ("Ingest", "ingest"),
            ("Farm", "farm"),
        )
        for number, (name, icon_name) in enumerate(() if self.review_only else tabs):
            action = QtWidgets.QAction(icon(icon_name), f"&{number + 1}  {name}", self)
            action.setShortcut(QtGui.QKeySequence(f"Ctrl+{number + 1}"))
            action.triggered.connect(
                lambda _checked=False, tab=number: self.tabs.setCurrentIndex(tab)
            )
            self.tab_actions.append(action)

        menus = self.menuBar()
        file_menu = menus.addMenu("&File")
        file_menu.addAction(self.open_action)
        file_menu.addSeparator()
        file_menu.addAction(quit_action)
        view_menu = menus.addMenu("&View")
        if self.tab_actions:
            view_menu.addActions(self.tab_actions)
            view_menu.addSeparator()
        view_menu.addAction(self.refresh_action)
        help_menu = menus.addMenu("&Help")
        about = help_menu.addAction("&About AXIOM Publisher")
        about.triggered.connect(self._about)

        toolbar = self.addToolBar("Main")
        toolbar.setObjectName("MainToolBar")
        toolbar.setMovable(False)
        toolbar.setIconSize(QtCore.QSize(18, 18))
        toolbar.setToolButtonStyle(QtCore.Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.refresh_action)
        toolbar.addAction(self.open_action)

    def _build_status_bar(self) -> None:
        kind = "embedded" if self.settings.embedded else "shared"
        self.database_label = QtWidgets.QLabel(
            f"Database ({kind}): {shown_database(self.settings.db_url)}"
        )
        shown_root = self.settings.roots.shown(str(self.settings.publish_root))  # [roots]
        self.root_label = QtWidgets.QLabel(f"Publish root: {shown_root}")
        for label in (self.database_label, self.root_label):
            label.setTextInteractionFlags(QtCore.Qt.TextInteractionFlag.TextSelectableByMouse)
        status = self.statusBar()
        status.addPermanentWidget(self.database_label)
        status.addPermanentWidget(self.root_label)
        self.tracker_label = TrackerStatusLabel(self.settings, self.pool)
        status.addPermanentWidget(self.tracker_label)
        self.tracker_label.start()
        # The outbox's tracker and webhook events leave from here too (not only `push`).
        self.outbox = OutboxPump(self.settings, self.pool, self)
        self.review.decided.connect(self.outbox.kick)
        self.outbox.start()

    def _update_actions(self, *unused: object) -> None:
        """Open version folder acts on the Review tab's version (open or selected)."""
        reviewing = self.tabs.currentWidget() is self.review
        self.open_action.setEnabled(reviewing and self.review.selected_version() is not None)

    def _refresh_ingest(self) -> None:
        if self.tabs.currentWidget() is self.ingest_widget:
            self.ingest_widget.refresh()

    def _catalogue_changed(self, result: object) -> None:
        """A publish or an ingest run wrote versions: the Publish tab's next version reloads,
        the Review tab's queue and browser when it shows (a dry run wrote nothing)."""
        if getattr(result, "dry_run", False):
            return
        picker = getattr(self.publish_widget, "picker", None)
        if isinstance(result, IngestRun) and picker is not None:  # a publish reloads its own
            picker.refresh_products()
        self._review_stale = True
        self._refresh_stale_review()

    def _farm_job_finished(self, job: object) -> None:
        """A farm job that made a version: it shows in the Review tab and the Publish tab's
        next version, as one published here would."""
        if isinstance(job, FarmJobRecord) and job.status == "done" and job.version_id:
            self._catalogue_changed(job)
            picker = getattr(self.publish_widget, "picker", None)
            if picker is not None:
                picker.refresh_products()

    def _refresh_stale_review(self, *unused: object) -> None:
        """Reload the queue and the browser once the Review tab shows (not behind another
        tab: its status messages would hide the run's summary)."""
        if self._review_stale and self.tabs.currentWidget() is self.review:
            self._review_stale = False
            self.review.refresh_queue()
            self.browser.refresh()

    def _show_message(self, text: str) -> None:
        shown = mask_secrets(text, url_secrets(self.settings.db_url))
        self.statusBar().showMessage(shown, 8000)

    def _remember_project(self, code: str) -> None:
        self.state.setValue("review/project", code)

    def _about(self) -> None:
        QtWidgets.QMessageBox.about(
            self,
            "About AXIOM Publisher",
            f"<b>AXIOM Publisher</b> {__version__}<br>Versioned, verified publishing.",
        )

    # ---- remembered state -------------------------------------------------------------------

    def restore_state(self) -> None:
        window_state.restore(self)
        if not self.review_only:
            tab = window_state.int_value(self.state, "main/tab", REVIEW_TAB)
            self.tabs.setCurrentIndex(tab if 0 <= tab < self.tabs.count() else REVIEW_TAB)

    def save_state(self) -> None:
        window_state.save(self)

    def closeEvent(self, event: QtGui.QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.save_state()
        self.review.shutdown()
        if not self.review_only:
            self.ingest_widget.shutdown()
            self.farm_panel.shutdown()
        self.outbox.stop()  # a closed window sends nothing more (the next run drains the rest)
        self.tracker_label.timer.stop()
        self.pool.cancel_all()
        self.pool.wait(3000)
        super().closeEvent(event)
