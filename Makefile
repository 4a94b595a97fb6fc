# The single entry point: setup, demo, test, lint, bench, package.
PY_SYSTEM ?= /usr/bin/python3
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip -q --disable-pip-version-check
APT_PACKAGES := qgis python3-qgis qgis-providers qgis-server xvfb python3-venv python3-rasterio python3-gdal \
	pyqt5-dev-tools qttools5-dev-tools
export QT_QPA_PLATFORM ?= offscreen

.PHONY: setup system demo test test-engine test-qgis test-quick lint bench package screenshot clean translations i18n-update

# System packages (QGIS 3.22, GDAL, rasterio) come from Debian; skipped when already there.
system:
	@if ! dpkg -s $(APT_PACKAGES) >/dev/null 2>&1; then \
	  echo "installing Debian packages: $(APT_PACKAGES)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(APT_PACKAGES) >/dev/null; \
	fi

$(VENV)/.done: requirements/engine.txt requirements/dev.txt requirements/constraints.txt
	$(MAKE) system
	$(PY_SYSTEM) -m venv --system-site-packages $(VENV)
	$(PIP) install -c requirements/constraints.txt -r requirements/dev.txt
	touch $@

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

demo: setup
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
	$(PY) -m ruff check inference qgis_glue ui bench tests scripts flair_plugin.py __init__.py

bench: setup
	$(PIP) install -c requirements/constraints.txt -r requirements/bench.txt
	$(PY) -m bench
	$(PY) -m bench.tiles
	$(PY) -m bench.scale

# docs/screenshot.png, docs/dock_{300,450}_{en,fr}.png and docs/qa_screenshot.png: the real QGIS
# under Xvfb (a run, the dock at QGIS's default dock width and at 450 px in English and French, the QA panel)
screenshot: setup
	$(PY) scripts/screenshot.py
	$(PY) scripts/screenshot_dock.py docs
	$(PY) scripts/screenshot_qa.py

package: resources.py translations
	mkdir -p dist && git archive --format=zip --prefix=flair_qgis/ -o dist/flair_qgis.zip HEAD
	$(PY) scripts/add_to_zip.py dist/flair_qgis.zip flair_qgis resources.py $(QM_FILES)

clean:
	rm -rf demo_output bench_output dist .pytest_cache
