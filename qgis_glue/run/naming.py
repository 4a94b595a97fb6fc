"""What a result is called and where it is saved: named for the imagery and the model (so two
results can be told apart in the Layers panel), saved beside the project or in the folder the user
last chose, and only in the temporary folder when neither exists, which the dock says."""
from __future__ import annotations

import os
import re
import tempfile

from qgis.core import QgsProject, QgsSettings

from ..i18n import QT_TR_NOOP, tr

FOLDER_KEY = "flair/output_folder"
TASK_TITLES = {  # a multi-source model's maps, by task (any other: land cover); translated where shown
    "AERIAL_LABEL-COSIA": QT_TR_NOOP("Land cover"),
    "ALL_LABEL-LPIS": QT_TR_NOOP("Crop types (LPIS)"),
    "FLAIR2_LABEL": QT_TR_NOOP("Land cover"),  # FLAIR#2 U-T&T
}


def _short(text: str) -> str:
    """One line, never cut: the name reaches print layouts and exports, so a long name is
    elided by the widgets that show it, not in the name itself."""
    return " ".join(str(text).split())


def model_label(model_path: str) -> str:
    """The model as the user knows it: its file name without the extension."""
    return os.path.splitext(os.path.basename(model_path or ""))[0] or "model"


def result_name(imagery: str, model_path: str, task: str = "") -> str:
    """A map's layer name: what it holds, the imagery and the model, e.g. "Land cover · ortho_rgb ·
    flair-inc-rgbie" or "Crop types (LPIS) · ortho_irc · hub-lpis-i" (never the task's internal id)."""
    return f"{map_title(task)} · {_short(imagery)} · {_short(model_label(model_path))}"


def map_title(task: str = "") -> str:
    """What a map holds, in the user's language: land cover unless the task says otherwise."""
    return tr(TASK_TITLES.get(task, "Land cover"))


def confidence_name(result: str) -> str:
    """The confidence layer's name: says what it is before the shared part."""
    shared = result.split(" · ", 1)[1] if " · " in result else result
    title = tr("Confidence (0–100 %)")  # outside the f-string, where pylupdate5 finds it
    return f"{title} · {shared}"


def file_stem(imagery: str, model_path: str) -> str:
    """A file name from the imagery and the model: letters, digits, - and _ only."""
    raw = f"{imagery}_{model_label(model_path)}"
    return re.sub(r"[^\w\-]+", "_", raw, flags=re.ASCII).strip("_")[:80] or "flair_landcover"


def remembered_folder() -> str | None:
    folder = QgsSettings().value(FOLDER_KEY, "") or ""
    return folder if folder and os.path.isdir(folder) and os.access(folder, os.W_OK) else None


def remember_folder(path: str) -> None:
    """Keep the folder of a file the user chose, for the next results."""
    folder = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(folder):
        QgsSettings().setValue(FOLDER_KEY, folder)


def output_folder(project: QgsProject | None = None) -> tuple[str, str]:
    """(folder, where) for results without a file name: "project", "remembered" or "temporary"."""
    project = project or QgsProject.instance()
    folder = project.absolutePath() if project.fileName() else ""
    if folder and os.access(folder, os.W_OK):
        return folder, "project"
    remembered = remembered_folder()
    if remembered:
        return remembered, "remembered"
    folder = os.path.join(tempfile.gettempdir(), "flair")
    os.makedirs(folder, exist_ok=True)
    return folder, "temporary"


def default_output(imagery: str, model_path: str, project: QgsProject | None = None) -> str:
    """``<folder>/<imagery>_<model>.tif``: the same inputs and model give the same file, so a
    re-run replaces the earlier result (in the project too) instead of piling up copies."""
    folder, _ = output_folder(project)
    return os.path.join(folder, file_stem(imagery, model_path) + ".tif")
