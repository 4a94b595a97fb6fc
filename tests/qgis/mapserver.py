"""A local WMS: ``qgis_mapserver`` serving the Montpellier ortho under IGN's layer names.

The tests have no internet, so WMS code is tested against this server instead of the
Géoplateforme: the same product (BD ORTHO RGB and IRC, 20 cm, Lambert-93) under the same layer
names. It listens on 127.0.0.1 only, on a free port, and is always killed on exit.

The rasters are copied next to the project first: QGIS writes ``.aux.xml`` statistics beside
any raster it opens, and the repository's data must stay clean. Source nodata is switched off
in the served layers: QGIS hides a pixel when *any* band equals the file's nodata (255), so a
bright roof would come back transparent, which IGN's JPEG service never does.
"""
from __future__ import annotations

import contextlib
import importlib
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "data", "montpellier")
LAYERS = {
    "HR.ORTHOIMAGERY.ORTHOPHOTOS": "ortho_rgb_20cm.tif",
    "ORTHOIMAGERY.ORTHOPHOTOS.IRC": "ortho_irc_20cm.tif",
    # a past year's campaign, named as the Géoplateforme names them (qgis_glue/layers/bdortho.py)
    "ORTHOIMAGERY.ORTHOPHOTOS2021": "ortho_rgb_20cm.tif",
    "ORTHOIMAGERY.ORTHOPHOTOS.IRC.2021": "ortho_irc_20cm.tif",
}
PACKAGE = "flair_qgis"  # the name the plugin folder gets when installed (Makefile `package`)


def plugin():
    """The plugin folder imported as package ``flair_qgis``, so its relative imports work."""
    if PACKAGE not in sys.modules:
        try:  # tests/qgis/conftest.py puts a flair_qgis link on sys.path, as QGIS sees the plugin
            return importlib.import_module(PACKAGE)
        except ImportError:
            pass
        spec = importlib.util.spec_from_file_location(
            PACKAGE, os.path.join(ROOT, "__init__.py"), submodule_search_locations=[ROOT]
        )
        module = importlib.util.module_from_spec(spec)
        sys.modules[PACKAGE] = module
        spec.loader.exec_module(module)
    return sys.modules[PACKAGE]


def write_project(folder: str, max_size: int = 1000) -> str:
    """A .qgs serving LAYERS in EPSG:2154 (and 32631) with WMS MaxWidth/MaxHeight = ``max_size``."""
    from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsRasterLayer

    crs = QgsCoordinateReferenceSystem("EPSG:2154")
    project = QgsProject()
    for name, filename in LAYERS.items():
        path = shutil.copy(os.path.join(DATA, filename), os.path.join(folder, filename))
        layer = QgsRasterLayer(path, name, "gdal")
        assert layer.isValid(), path
        layer.setCrs(crs)  # the file's hand-written WKT is EPSG:2154 in all but name
        layer.setShortName(name)  # the WMS layer name
        for band in range(1, layer.bandCount() + 1):
            layer.dataProvider().setUseSourceNoDataValue(band, False)
        project.addMapLayer(layer)
    project.setCrs(crs)
    project.writeEntry("WMSServiceCapabilities", "/", True)
    # Lambert-93 as IGN; UTM 31N too, so a test can ask for a CRS other than the layer's
    project.writeEntry("WMSCrsList", "/", ["EPSG:2154", "EPSG:32631"])
    project.writeEntry("WMSMaxWidth", "/", str(max_size))
    project.writeEntry("WMSMaxHeight", "/", str(max_size))
    path = os.path.join(folder, "wms.qgs")
    assert project.write(path), path
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never via a proxy


@dataclass
class LocalWms:
    url: str
    log: str
    process: subprocess.Popen

    def get_maps(self) -> list[dict[str, str]]:
        """The GetMap requests served so far, as {PARAM: value} (from the server's log)."""
        out = []
        with open(self.log, errors="replace") as f:
            for line in f:
                if "REQUEST=GetMap" in line and '"GET ' in line:
                    query = urlparse(line.split('"GET ', 1)[1].split(" ", 1)[0]).query
                    out.append({k.upper(): v[0] for k, v in parse_qs(query).items()})
        return out

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(5)


@contextlib.contextmanager
def wms_server(folder: str, max_size: int = 1000, timeout: float = 30.0):
    """Start qgis_mapserver on a free 127.0.0.1 port; yield a LocalWms once GetCapabilities answers."""
    os.makedirs(folder, exist_ok=True)
    project = write_project(folder, max_size)
    port = free_port()
    env = dict(
        os.environ,
        QGIS_PROJECT_FILE=project,
        QT_QPA_PLATFORM="offscreen",
        QGIS_SERVER_LOG_STDERR="1",
        QGIS_SERVER_LOG_LEVEL="0",  # INFO: one line per request, which get_maps() reads
        QGIS_SERVER_CACHE_DIRECTORY=os.path.join(folder, "cache"),
        QGIS_SERVER_PARALLEL_RENDERING="0",
    )
    log_path = os.path.join(folder, "server.log")
    log = open(log_path, "wb")
    process = subprocess.Popen(
        ["qgis_mapserver", f"127.0.0.1:{port}"], env=env, stdout=log, stderr=subprocess.STDOUT, cwd=folder
    )
    server = LocalWms(f"http://127.0.0.1:{port}/", log_path, process)
    try:
        caps = server.url + "?SERVICE=WMS&REQUEST=GetCapabilities&VERSION=1.3.0"
        deadline = time.monotonic() + timeout
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"qgis_mapserver exited ({process.returncode}):\n{_tail(log_path)}")
            try:
                with _DIRECT.open(caps, timeout=5) as r:
                    if b"HR.ORTHOIMAGERY.ORTHOPHOTOS" in r.read():
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"qgis_mapserver did not answer in {timeout} s:\n{_tail(log_path)}")
            time.sleep(0.2)
        yield server
    finally:
        server.stop()
        log.close()


def _tail(path: str, n: int = 3000) -> str:
    with open(path, errors="replace") as f:
        return f.read()[-n:]


@pytest.fixture(scope="module")
def local_wms(qgis_app, tmp_path_factory):
    """The running local WMS (max 1000 px a side) for the tests of one module."""
    with wms_server(str(tmp_path_factory.mktemp("wms"))) as server:
        yield server
