"""WMS details the QGIS provider does not expose: its URI, the CRS a server offers, its errors.

QGIS 3.22's WMS provider never fails a ``block()``: a refused connection or a server error
comes back as a fully transparent image, and the reason only goes to the message log. So a
reader collects the warnings logged *in its own thread* while it reads (``LogCatcher``) and
turns them into an error, instead of silently classifying an empty picture as nodata.
"""
from __future__ import annotations

import threading

from qgis.core import Qgis, QgsApplication, QgsBlockingNetworkRequest, QgsDataSourceUri
from qgis.PyQt.QtCore import QByteArray, Qt, QUrl, QXmlStreamReader
from qgis.PyQt.QtNetwork import QNetworkRequest

from ...inference.segment.sources import SourceError
from ..i18n import tr


def uri_params(uri: str) -> QgsDataSourceUri:
    u = QgsDataSourceUri()
    u.setEncodedUri(uri)
    return u


def is_plain_wms(provider_key: str, uri: str) -> bool:
    """A WMS GetMap layer (not WMTS, not XYZ tiles): one whose CRS we can choose per request."""
    if provider_key != "wms":
        return False
    u = uri_params(uri)
    return not u.param("tileMatrixSet") and u.param("type") != "xyz" and bool(u.param("url"))


def with_crs(uri: str, authid: str) -> str:
    u = uri_params(uri)
    u.removeParam("crs")
    u.setParam("crs", authid)
    return bytes(u.encodedUri()).decode()


def layer_names(uri: str) -> list[str]:
    return [n for n in uri_params(uri).params("layers") if n]


class CapabilitiesError(ValueError):
    """A capabilities answer that is not XML we read (the reason, for the message)."""


class _Element:
    def __init__(self, tag: str):
        self.tag, self.text, self.children = tag, "", []

    def __iter__(self):
        return iter(self.children)


def _parse(document: bytes) -> _Element:
    """A server's XML as a small tree of local names, read with Qt's stream reader, which never
    fetches anything; a document that declares entities (the "billion laughs", external files) is
    refused before any is expanded: capabilities have no use for them."""
    reader = QXmlStreamReader(QByteArray(document))
    root = _Element("")
    stack = [root]
    while not reader.atEnd():
        token = reader.readNext()
        if token == QXmlStreamReader.TokenType.DTD and len(reader.entityDeclarations()):
            raise CapabilitiesError(tr("it declares entities"))
        if token == QXmlStreamReader.TokenType.StartElement:
            el = _Element(reader.name())
            stack[-1].children.append(el)
            stack.append(el)
        elif token == QXmlStreamReader.TokenType.EndElement:
            stack.pop()
        elif token == QXmlStreamReader.TokenType.Characters:
            stack[-1].text += reader.text()
    if reader.hasError():
        raise CapabilitiesError(reader.errorString())
    if not root.children:
        raise CapabilitiesError(tr("it is empty"))
    return root.children[0]


def offered_crs(capabilities: bytes, names: list[str]) -> dict[str, set[str]]:
    """CRS each named layer offers in a WMS capabilities document (CRS are inherited from
    parent layers, WMS 1.3.0 §7.2.4.6.7; 1.1.1 calls them SRS)."""
    found: dict[str, set[str]] = {}

    def walk(el, inherited: set[str]):
        own = set(inherited)
        name = None
        for child in el:
            t = child.tag
            if t in ("CRS", "SRS") and child.text:
                own.update(child.text.split())
            elif t == "Name" and child.text:
                name = child.text.strip()
        if name in names:
            found[name] = own
        for child in el:
            if child.tag == "Layer":
                walk(child, own)

    def each(el):
        yield el
        for child in el:
            yield from each(child)

    for el in each(_parse(capabilities)):
        if el.tag == "Capability":
            for child in el:
                if child.tag == "Layer":
                    walk(child, set())
    return found


def check_wms_crs(uri: str, authid: str) -> None:
    """Raise SourceError unless the server offers every layer of ``uri`` in ``authid``."""
    u = uri_params(uri)
    url = u.param("url")
    sep = "&" if "?" in url else "?"
    request = QgsBlockingNetworkRequest()
    if u.authConfigId():
        request.setAuthCfg(u.authConfigId())
    err = request.get(QNetworkRequest(QUrl(f"{url}{sep}SERVICE=WMS&REQUEST=GetCapabilities&VERSION=1.3.0")))
    if err != QgsBlockingNetworkRequest.ErrorCode.NoError:
        raise SourceError(tr("cannot reach the WMS at {url}: {reason}").format(url=url, reason=request.errorMessage()))
    names = layer_names(uri)
    try:
        offered = offered_crs(bytes(request.reply().content()), names)
    except CapabilitiesError as e:
        raise SourceError(tr("the WMS at {url} answered GetCapabilities with something that is not XML it can read "
                             "({reason})").format(url=url, reason=e)) from None
    for name in names:
        crs = offered.get(name)
        if crs is None:
            raise SourceError(tr("the WMS at {url} has no layer {layer}").format(url=url, layer=name))
        if authid not in crs:
            raise SourceError(tr(
                "the WMS at {url} does not offer {layer} in {crs} (it offers {offered}); "
                "choose one of those as the output CRS"
            ).format(url=url, layer=name, crs=authid, offered=", ".join(sorted(crs))))


class LogCatcher:
    """Warnings QGIS logs from the current thread while ``active`` (see module doc).

    The slot is connected directly, so it runs in the thread that logs: the reader's own, and
    messages from other threads (the map canvas drawing the same layer) are ignored.
    """

    def __init__(self, warnings: bool = True):
        # web providers report failed requests as warnings; GDAL logs benign ones (odd TIFF tags)
        self.levels = (Qgis.MessageLevel.Warning, Qgis.MessageLevel.Critical) if warnings else (Qgis.MessageLevel.Critical,)
        self.thread = threading.get_ident()
        self.active = False
        self.messages: list[str] = []
        self._signal = QgsApplication.messageLog().messageReceived[str, str, Qgis.MessageLevel]
        self._signal.connect(self._on_message, Qt.ConnectionType.DirectConnection)

    def _on_message(self, message, tag, level):
        if self.active and threading.get_ident() == self.thread and level in self.levels:
            self.messages.append(f"{tag}: {message}" if tag else message)

    def take(self) -> list[str]:
        out, self.messages = self.messages, []
        return out

    def close(self) -> None:
        try:
            self._signal.disconnect(self._on_message)
        except (TypeError, RuntimeError):
            pass
