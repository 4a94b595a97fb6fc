"""QGIS glue that is not a widget: the task, layer styling, Processing, logging, dependency checks.

Widgets (ui/) collect choices into a RunRequest; everything here turns it into an engine run.
"""
