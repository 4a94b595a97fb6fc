"""Where the plugin's docks go: on the right, as tabs beside each other (the QA panel and the
Segment dock share the space instead of crushing each other)."""
from __future__ import annotations

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QDockWidget

AREA = Qt.DockWidgetArea.RightDockWidgetArea


def add_dock(iface, dock, tab_with: list[str]) -> None:
    """Add ``dock`` on the right, tabbed with the docks named ``tab_with`` (objectName) that are
    there already, and bring it to the front."""
    main = iface.mainWindow()
    others = [d for d in main.findChildren(QDockWidget) if d.objectName() in tab_with and d is not dock]
    others.sort(key=lambda d: d.isHidden())  # an open one first
    iface.addDockWidget(AREA, dock)
    for other in others:
        if main.dockWidgetArea(other) == AREA and not other.isFloating():
            main.tabifyDockWidget(other, dock)
            break
    dock.show()
    dock.raise_()
