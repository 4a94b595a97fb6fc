"""The plugin object QGIS loads: actions, the dock, the Processing provider, the log bridge."""
from __future__ import annotations

from qgis.core import QgsApplication, QgsProject

try:  # Qt6 (QGIS 4) moved QAction to QtGui
    from qgis.PyQt.QtGui import QAction
except ImportError:
    from qgis.PyQt.QtWidgets import QAction

from .qgis_glue import i18n
from .qgis_glue.errors import EXPECTED, user_message
from .qgis_glue.i18n import QT_TR_NOOP, tr
from .qgis_glue.icons import icon
from .ui import qa_integration
from .ui.docks import add_dock

# the Raster menu's entry, translated where it is added and removed (its text is also its key; the
# language does not change while QGIS runs)
MENU = QT_TR_NOOP("&FLAIR land cover")
TOOLBAR = "FlairToolbar"


class FlairPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.dock = None
        self.actions: list[QAction] = []
        self._log_handler = None
        self._remove_qa = None
        self.toolbar = None
        self.qa = None

    # Processing: called by QGIS (and qgis_process) because metadata says hasProcessingProvider=yes
    def initProcessing(self) -> None:  # noqa: N802
        from .qgis_glue.processing.provider import FlairProvider

        if self.provider is None:
            self.provider = FlairProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:  # noqa: N802
        from .qgis_glue import log
        from .qgis_glue.layers import let_go

        self._log_handler = log.install(__package__ or __name__.rpartition(".")[0])
        let_go.install()
        self.initProcessing()
        parent = self.iface.mainWindow()
        self.segment_action = QAction(icon("flair.svg"), tr("Segment with FLAIR…"), parent)
        self.segment_action.setObjectName("flair_segment")
        self.segment_action.setToolTip(tr("Segment with FLAIR: land cover from aerial imagery"))
        self.segment_action.setCheckable(True)
        self.segment_action.triggered.connect(self.toggle_dock)
        self.bdortho_action = QAction(icon("bdortho.svg"), tr("Add BD ORTHO layers (IGN)"), parent)
        self.bdortho_action.setObjectName("flair_bdortho")
        self.bdortho_action.setToolTip(tr("Add IGN's BD ORTHO colour and infrared orthophotos and the LiDAR HD "
                                          "height layer, ready for the Segment dock"))
        self.bdortho_action.triggered.connect(self.add_bdortho)
        self.vintage_action = QAction(icon("bdortho.svg"), tr("Add BD ORTHO of a past year (IGN)…"), parent)
        self.vintage_action.setObjectName("flair_bdortho_vintage")
        self.vintage_action.setToolTip(tr("Add one year's BD ORTHO campaign (colour and infrared), to segment the "
                                          "same area at two dates and measure land take (QA panel, Change tab)"))
        self.vintage_action.triggered.connect(self.add_bdortho_vintage)
        for action in (self.segment_action, self.bdortho_action, self.vintage_action):
            self.iface.addPluginToRasterMenu(tr(MENU), action)
            self.actions.append(action)
        self._remove_qa = qa_integration.install(self, self.iface)
        # the plugin's own toolbar, shown on a fresh profile (the Raster toolbar is hidden there)
        self.toolbar = self.iface.addToolBar(tr("FLAIR land cover"))
        self.toolbar.setObjectName(TOOLBAR)
        self.toolbar.setToolTip(tr("FLAIR land cover"))
        for action in (self.segment_action, self.qa.panel_action, self.bdortho_action):
            self.toolbar.addAction(action)
        self.toolbar.setVisible(True)

    def unload(self) -> None:
        from .qgis_glue import log
        from .qgis_glue.layers import let_go

        if self._remove_qa is not None:
            self._remove_qa()
            self._remove_qa = None
        if self.dock is not None:
            self.dock.shutdown()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        for action in self.actions:
            self.iface.removePluginRasterMenu(tr(MENU), action)
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.setParent(None)
            self.toolbar.deleteLater()
            self.toolbar = None
        self.actions = []
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self._log_handler is not None:
            log.uninstall(__package__ or __name__.rpartition(".")[0], self._log_handler)
            self._log_handler = None
        i18n.uninstall()
        let_go.uninstall()
        self._remove_qa = None

    # -- actions ----------------------------------------------------------------------------------
    def show_dock(self):
        if self.dock is None:
            from .ui.dock import FlairDock

            self.dock = FlairDock(self.iface, parent=self.iface.mainWindow())
            self.dock.visibilityChanged.connect(self.segment_action.setChecked)
            add_dock(self.iface, self.dock, ["FlairQaPanel"])
        self.dock.show()
        self.dock.raise_()
        return self.dock

    def toggle_dock(self, checked: bool = True) -> None:
        if checked or self.dock is None:
            self.show_dock()
        else:
            self.dock.hide()

    def ask_year(self) -> int | None:
        """The BD ORTHO vintage the user picks (None: cancelled)."""
        from qgis.PyQt.QtWidgets import QInputDialog

        from .qgis_glue.layers.bdortho import VINTAGES

        years = [str(y) for y in reversed(VINTAGES)]
        text, ok = QInputDialog.getItem(self.iface.mainWindow(), tr("BD ORTHO of a past year"), tr(
            "Year of the campaign (each year covers the départements photographed that year):"), years, 0, False)
        return int(text) if ok else None

    def add_bdortho_vintage(self, *_):
        year = self.ask_year()
        return [] if year is None else self.add_bdortho(year)

    def add_bdortho(self, year: int | None = None):
        from qgis.core import Qgis

        if isinstance(year, bool):  # QAction.triggered(checked): the current layers
            year = None
        try:
            from .qgis_glue.layers.bdortho import add_bdortho_layers

            return add_bdortho_layers(QgsProject.instance(), self.iface, year=year)
        except EXPECTED as e:  # e.g. no network: say so, never raise into QGIS
            self.iface.messageBar().pushMessage(
                "FLAIR", tr("Could not add the BD ORTHO layers: {error}").format(error=user_message(e)),
                Qgis.MessageLevel.Warning, 10)
            return []

