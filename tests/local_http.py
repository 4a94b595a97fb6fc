"""A local HTTP server that stands for Hugging Face in download tests (no test reaches the
internet), and a small fake IGN release. Shared by the engine tier and the QGIS tier."""
from __future__ import annotations

import hashlib
import http.server
import json
import os
import re
import threading


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):  # noqa: N802 (http.server's name)
        srv = self.server
        path = self.path.split("?")[0]
        rng = self.headers.get("Range")
        srv.requests.append((path, rng))
        if path in srv.redirect:
            self.send_response(302)
            self.send_header("Location", srv.redirect[path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if path in srv.fail:
            self.send_response(srv.fail[path])
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = srv.files.get(path)
        if data is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        start = 0
        m = re.match(r"bytes=(\d+)-$", rng or "")
        if m and path not in srv.ignore_range:
            start = int(m.group(1))
            if start >= len(data):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(data)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        body = data[start:]
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Content-Type", "application/octet-stream")
        self.end_headers()
        cut = srv.drop_after.pop(path, None)
        if cut is not None:  # an interrupted transfer: part of the body, then the connection dies
            self.wfile.write(body[:cut])
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(2)
            return
        for i in range(0, len(body), 1 << 16):
            if srv.slow:
                import time

                time.sleep(srv.slow)
            self.wfile.write(body[i : i + (1 << 16)])


class LocalServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.files: dict[str, bytes] = {}
        self.fail: dict[str, int] = {}
        self.redirect: dict[str, str] = {}  # path -> the Location of a 302
        self.ignore_range: set[str] = set()
        self.drop_after: dict[str, int] = {}
        self.requests: list[tuple[str, str | None]] = []
        self.slow = 0.0
        self._thread = threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def handle_error(self, request, client_address):
        pass  # a client that cancels or times out mid-transfer is part of the tests

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"

    def close(self):
        self.shutdown()
        self.server_close()


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


FAKE_CHECKPOINT = os.urandom(300_000)  # bytes that stand for an IGN .pth


def write_catalogue(path, url, sha256, file="FLAIR-INC_rgb_15cl_resnet18-unet_weights.pth", model_id="test-rgb-resnet18-unet",
                    api_template=None, **entry):
    """A catalogue of one model served by the local server; ``api_template`` stands for Hugging Face's
    file-list API (None: no API, so no test ever asks the real one); ``entry`` overrides fields."""
    from inference.models.catalogue import DEFAULT_CATALOGUE

    with open(DEFAULT_CATALOGUE, encoding="utf-8") as f:
        data = json.load(f)
    data["api_template"] = api_template
    data["models"] = [{
        "id": model_id, "repo": "IGNF/TEST_rgb_resnet18-unet", "file": file, "url": url,
        "family": "flair-inc", "inputs": "rgb", "arch": "unet", "encoder": "resnet18", "outputs": 19,
        "classes": 15, "size_mb": 57.3, "approx": False, "sha256": sha256, "licence": "Etalab Open Licence 2.0",
        "description": "a test model", **entry,
    }]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(data, f)
    return str(path)
