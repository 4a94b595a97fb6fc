"""make translations: refresh i18n/flair_<lang>.ts from the code (pylupdate5), keeping the
translations already there; a message without one stays "unfinished" (English is shown).
Usage: i18n_update.py [--fill DICT.py]  (DICT.py defines FR = {english: french}, merged in)."""
from __future__ import annotations

import os
import runpy
import subprocess
import sys
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SOURCES = ["flair_plugin.py", "ui", "qgis_glue"]


def python_files() -> list[str]:
    out = []
    for entry in SOURCES:
        path = os.path.join(ROOT, entry)
        if os.path.isfile(path):
            out.append(entry)
            continue
        for dirpath, _, names in os.walk(path):
            out += [os.path.relpath(os.path.join(dirpath, n), ROOT) for n in sorted(names) if n.endswith(".py")]
    return sorted(out)


def fill(ts_path: str, table: dict[str, str]) -> int:
    tree = ET.parse(ts_path)
    n = 0
    for message in tree.iter("message"):
        source = message.find("source").text or ""
        translation = message.find("translation")
        if source in table and table[source]:
            translation.text = table[source]
            translation.attrib.pop("type", None)
            n += 1
    tree.write(ts_path, encoding="utf-8", xml_declaration=True)
    return n


def main(argv: list[str]) -> int:
    ts = os.path.join(ROOT, "i18n", "flair_fr.ts")
    subprocess.run(["pylupdate5", "-noobsolete", *python_files(), "-ts", ts], cwd=ROOT, check=True)
    if len(argv) == 2 and argv[0] == "--fill":
        print(f"{fill(ts, runpy.run_path(argv[1])['FR'])} translations filled in")
    tree = ET.parse(ts)
    todo = [m.find("source").text for m in tree.iter("message")
            if m.find("translation").get("type") == "unfinished"]
    print(f"{ts}: {len(todo)} message(s) without a translation")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
