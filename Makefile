# The single entry point: setup, demo, test, lint, bench, package.
PY_SYSTEM ?= /usr/bin/python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip -q --disable-pip-version-check
ENGINE_APT_PACKAGES := python3-venv python3-rasterio python3-gdal python3-scipy
APT_PACKAGES := $(ENGINE_APT_PACKAGES) qgis python3-qgis qgis-providers qgis-server xvfb \
	pyqt5-dev-tools qttools5-dev-tools git
export QT_QPA_PLATFORM ?= offscreen

QT6_VENV ?= .qt6venv
TOOLS_VENV ?= .toolsvenv
SIDE_PIP = bin/pip -q --disable-pip-version-check

.PHONY: setup engine system system-engine demo test test-engine test-qgis test-quick lint qt6-check security secrets-baseline bench package \
	screenshot clean translations i18n-update

# System packages (QGIS 3.22, GDAL, rasterio) come from Debian; skipped when already there.
# The engine (make demo) needs only Python's venv, rasterio, GDAL and scipy (Debian's, built for its numpy 1.x);
# the plugin and its tests, QGIS.
apt_install = if ! dpkg -s $(1) >/dev/null 2>&1; then \
	  echo "installing Debian packages: $(1)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(1) >/dev/null; \
	fi

system:
	@$(call apt_install,$(APT_PACKAGES))

system-engine:
	@$(call apt_install,$(ENGINE_APT_PACKAGES))

# Two stamps: the engine alone (what `make demo` needs: onnxruntime, onnx, pillow on Debian's numpy,
# rasterio and GDAL), then the rest for tests and development (torch, Dask, pytest, ruff).
$(VENV)/.engine: requirements/engine.txt requirements/constraints.txt
	$(MAKE) system-engine
	$(PY_SYSTEM) -m venv --system-site-packages $(VENV)
	$(PIP) install -c requirements/constraints.txt -r requirements/engine.txt
	touch $@

$(VENV)/.done: $(VENV)/.engine requirements/dev.txt requirements/convert.txt requirements/scale.txt
	$(MAKE) system
	$(PIP) install -c requirements/constraints.txt -r requirements/dev.txt
	touch $@

engine: $(VENV)/.engine

setup: $(VENV)/.done resources.py translations

# Icons compiled into Qt resources the way QGIS plugins do; Qt is imported through qgis.PyQt so
# the compiled file also loads under Qt6 / QGIS 4.
resources.py: resources.qrc icons/*.svg
	@command -v pyrcc5 >/dev/null || $(MAKE) system
	pyrcc5 -o $@ resources.qrc
	sed -i 's/^from PyQt5 import QtCore/from qgis.PyQt import QtCore/' $@

# French (Qt Linguist): i18n/flair_fr.ts is the source, translated in the repository; lrelease
# builds the .qm the plugin loads for QGIS's locale. `make i18n-update` refreshes the .ts from the code.
TS_FILES := $(wildcard i18n/*.ts)
QM_FILES := $(TS_FILES:.ts=.qm)

translations: $(QM_FILES)

i18n/%.qm: i18n/%.ts
	@command -v lrelease >/dev/null || $(MAKE) system
	lrelease -silent $< -qm $@

i18n-update:
	$(PY_SYSTEM) scripts/i18n_update.py

demo: $(VENV)/.engine
	$(PY) -m inference demo

# Two tiers: the engine with QGIS blocked (plain Python), then the QGIS plugin offscreen.
test: test-engine test-qgis

test-engine: setup
	$(PY) -m pytest -q -p no:pytest_qgis tests/engine

test-qgis: setup
	$(PY) -m pytest -q tests/qgis

# The quick engine tier: leaves out the tests that need a model exported with torch (those are kept
# in .test-cache/ across runs and exported again only when the converter's code changes).
test-quick: setup
	$(PY) -m pytest -q -p no:pytest_qgis -m "not slow" tests/engine

lint: setup
	$(PY) -m ruff check inference qgis_glue ui bench tests scripts flair_plugin.py __init__.py setup.py

# QGIS 4 is Qt6 only: every Qt name the plugin uses, resolved against PyQt6 in a side venv (never
# next to QGIS's PyQt5); also refuses exec_, QRegExp and direct PyQt imports (scripts/qt6_check.py).
$(QT6_VENV)/.done: requirements/qt6.txt
	$(PY_SYSTEM) -m venv $(QT6_VENV)
	$(QT6_VENV)/$(SIDE_PIP) install -r requirements/qt6.txt
	touch $@

qt6-check: $(QT6_VENV)/.done resources.py
	$(QT6_VENV)/bin/python scripts/qt6_check.py

# plugins.qgis.org's upload gate on the zip's content: Bandit (no medium/high) and detect-secrets
# (nothing outside .secrets.baseline). `make secrets-baseline` rewrites the baseline after a
# deliberate change (a new checksum in the catalogue): review `git diff .secrets.baseline`.
$(TOOLS_VENV)/.done: requirements/security.txt
	$(PY_SYSTEM) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/$(SIDE_PIP) install -r requirements/security.txt
	touch $@

security: package $(TOOLS_VENV)/.done
	$(TOOLS_VENV)/bin/python scripts/security_scan.py dist/flair_qgis.zip

secrets-baseline: package $(TOOLS_VENV)/.done
	$(TOOLS_VENV)/bin/python scripts/security_scan.py dist/flair_qgis.zip --update-baseline

bench: setup
	$(PIP) install -c requirements/constraints.txt -r requirements/bench.txt
	$(PY) -m bench
	$(PY) -m bench.tiles
	$(PY) -m bench.scale
	$(PY) -m bench.vector
	$(PY) -m bench.change

# docs/screenshot.png, docs/dock_{300,450}_{en,fr}.png, docs/qa_screenshot.png and docs/polygons_screenshot.png: the real QGIS
# under Xvfb (a run, the dock at QGIS's default dock width and at 450 px in English and French, the QA panel)
screenshot: setup
	$(PY) scripts/screenshot.py
	$(PY) scripts/screenshot_dock.py docs
	$(PY) scripts/screenshot_qa.py
	$(PY) scripts/screenshot_polygons.py

# The zip plugins.qgis.org takes, to qgis-plugin-ci's rules (scripts/package.py says why not itself):
# tracked files minus export-ignore, compiled resources and translations, the upload validator's checks.
package: resources.py translations
	$(PY_SYSTEM) scripts/package.py dist/flair_qgis.zip

clean:
	rm -rf demo_output bench_output dist .pytest_cache
