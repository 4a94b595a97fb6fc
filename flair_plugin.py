"""The plugin object QGIS loads: actions, the dock, the Processing provider, the log bridge."""
from __future__ import annotations

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QAction

from .qgis_glue.icons import icon
from .ui import qa_integration

MENU = "&FLAIR land cover"


class FlairPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.dock = None
        self.actions: list[QAction] = []
        self._log_handler = None
        self._remove_qa = None

    # Processing: called by QGIS (and qgis_process) because metadata says hasProcessingProvider=yes
    def initProcessing(self) -> None:  # noqa: N802
        from .qgis_glue.processing.provider import FlairProvider

        if self.provider is None:
            self.provider = FlairProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:  # noqa: N802
        from .qgis_glue import log

        self._log_handler = log.install(__package__ or __name__.rpartition(".")[0])
        self.initProcessing()
        parent = self.iface.mainWindow()
        self.segment_action = QAction(icon("flair.svg"), "Segment with FLAIR…", parent)
        self.segment_action.setObjectName("flair_segment")
        self.segment_action.setToolTip("Segment with FLAIR: land cover from aerial imagery")
        self.segment_action.setCheckable(True)
        self.segment_action.triggered.connect(self.toggle_dock)
        self.bdortho_action = QAction(icon("bdortho.svg"), "Add BD ORTHO layers (IGN WMS)", parent)
        self.bdortho_action.setObjectName("flair_bdortho")
        self.bdortho_action.triggered.connect(self.add_bdortho)
        for action in (self.segment_action, self.bdortho_action):
            self.iface.addPluginToRasterMenu(MENU, action)
            self.actions.append(action)
        self.iface.addRasterToolBarIcon(self.segment_action)
        self._remove_qa = qa_integration.install(self, self.iface)

    def unload(self) -> None:
        from .qgis_glue import log

        if self._remove_qa is not None:
            self._remove_qa()
            self._remove_qa = None
        if self.dock is not None:
            self.dock.shutdown()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        for action in self.actions:
            self.iface.removePluginRasterMenu(MENU, action)
        self.iface.removeRasterToolBarIcon(self.segment_action)
        self.actions = []
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        if self._log_handler is not None:
            log.uninstall(__package__ or __name__.rpartition(".")[0], self._log_handler)
            self._log_handler = None
        self._remove_qa = None

    # -- actions ----------------------------------------------------------------------------------
    def show_dock(self):
        if self.dock is None:
            from .ui.dock import FlairDock

            self.dock = FlairDock(self.iface, parent=self.iface.mainWindow())
            self.dock.visibilityChanged.connect(self.segment_action.setChecked)
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.show()
        self.dock.raise_()
        return self.dock

    def toggle_dock(self, checked: bool = True) -> None:
        if checked or self.dock is None:
            self.show_dock()
        else:
            self.dock.hide()

    def add_bdortho(self):
        from qgis.core import Qgis

        try:
            from .qgis_glue.layers.bdortho import add_bdortho_layers

            return add_bdortho_layers(QgsProject.instance(), self.iface)
        except Exception as e:  # e.g. no network: say so, never raise into QGIS
            self.iface.messageBar().pushMessage("FLAIR", f"Could not add the BD ORTHO layers: {e}", Qgis.MessageLevel.Warning, 10)
            return []

