"""Hooks the QA tools into QGIS: the QA panel and patch browser (menu actions), "Apply FLAIR style…"
in the raster layers' context menu, and next / previous hotspot actions with keyboard shortcuts.

``install(plugin, iface)`` is called from the plugin's initGui() and returns the function that
undoes everything (call it from unload()).
"""
from __future__ import annotations

from qgis.core import Qgis, QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QKeySequence

try:  # Qt6 (QGIS 4) moved QAction to QtGui
    from qgis.PyQt.QtGui import QAction
except ImportError:
    from qgis.PyQt.QtWidgets import QAction

from ..qgis_glue.compat import RASTER_LAYER
from ..qgis_glue.errors import EXPECTED, user_message
from ..qgis_glue.i18n import QT_TR_NOOP, tr
from ..qgis_glue.icons import icon
from .docks import add_dock
from .patch_browser import PatchBrowser
from .qa_panel import QaPanel

MENU = QT_TR_NOOP("&FLAIR land cover")  # as flair_plugin.MENU: one Raster menu entry
SHORTCUTS = {"next": "Ctrl+Alt+N", "previous": "Ctrl+Alt+P"}


def _call(iface, name: str, *args):
    """iface methods the test stub may lack (context menu, shortcut registry)."""
    fn = getattr(iface, name, None)
    return fn(*args) if fn is not None else None


class QaIntegration:
    def __init__(self, plugin, iface):
        self.plugin = plugin
        self.iface = iface
        self.panel = None
        self.browser = None
        parent = iface.mainWindow()
        self.panel_action = QAction(icon("style.svg"), tr("FLAIR QA panel (style, compare, review)"), parent)
        self.panel_action.setObjectName("flair_qa_panel")
        self.panel_action.triggered.connect(lambda: self.show_panel())
        self.browser_action = QAction(tr("FLAIR patch browser"), parent)
        self.browser_action.setObjectName("flair_patch_browser")
        self.browser_action.triggered.connect(lambda: self.show_browser())
        self.style_action = QAction(icon("style.svg"), tr("Apply FLAIR style…"), parent)
        self.style_action.setObjectName("flair_apply_style")
        self.style_action.triggered.connect(lambda: self.style_current_layer())
        self.next_action = QAction(tr("Next FLAIR hotspot"), parent)
        self.next_action.setObjectName("flair_next_hotspot")
        self.next_action.triggered.connect(lambda: self.step(1))
        self.prev_action = QAction(tr("Previous FLAIR hotspot"), parent)
        self.prev_action.setObjectName("flair_previous_hotspot")
        self.prev_action.triggered.connect(lambda: self.step(-1))
        for action in (self.panel_action, self.browser_action):
            _call(iface, "addPluginToRasterMenu", tr(MENU), action)
        _call(iface, "addCustomActionForLayerType", self.style_action, "", RASTER_LAYER, True)
        for action, key in ((self.next_action, SHORTCUTS["next"]), (self.prev_action, SHORTCUTS["previous"])):
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            parent.addAction(action)
            _call(iface, "registerMainWindowAction", action, key)

    def show_panel(self):
        if self.panel is None:
            self.panel = QaPanel(self.iface, QgsProject.instance(), self.iface.mainWindow())
            add_dock(self.iface, self.panel, ["FlairDock"])
        self.panel.show()
        self.panel.raise_()
        return self.panel

    def show_browser(self):
        if self.browser is None:
            self.browser = PatchBrowser(self.iface, QgsProject.instance(), self.iface.mainWindow())
            self.iface.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.browser)
        self.browser.show()
        self.browser.raise_()
        return self.browser

    def style_current_layer(self, layer=None) -> str | None:
        """Style the layer right-clicked (the current layer): guessed encoding, or asked for."""
        layer = layer or self.iface.activeLayer()
        if not isinstance(layer, QgsRasterLayer):
            return None
        panel = self.show_panel()
        try:
            enc = panel.apply_style(layer, band=1)
        except EXPECTED as e:
            self.iface.messageBar().pushMessage(
                "FLAIR", tr("Could not style the layer {name}: {error}").format(name=layer.name(), error=user_message(e)),
                Qgis.MessageLevel.Warning, 8)
            return None
        if enc:
            self.iface.messageBar().pushMessage("FLAIR", panel.style_status.text(), Qgis.MessageLevel.Info, 5)
        return enc

    def step(self, delta: int) -> None:
        if self.panel is not None and self.panel.store is not None:
            self.panel.step(delta)

    def unload(self) -> None:
        for action in (self.panel_action, self.browser_action):
            _call(self.iface, "removePluginRasterMenu", tr(MENU), action)
        _call(self.iface, "removeCustomActionForLayerType", self.style_action)
        for action in (self.next_action, self.prev_action):
            _call(self.iface, "unregisterMainWindowAction", action)
            self.iface.mainWindow().removeAction(action)
        for dock in (self.panel, self.browser):
            if dock is not None:
                dock.shutdown()
                _call(self.iface, "removeDockWidget", dock)
                dock.deleteLater()
        self.panel = self.browser = None


def install(plugin, iface):
    """Add the QA tools to QGIS; returns the callable that removes them."""
    qa = QaIntegration(plugin, iface)
    plugin.qa = qa
    return qa.unload
