"""The engine's user messages in the front end's language (core/messages.py), and the messages a
new user met on 2026-12-07: an unwritable folder said to be full, a DEM refused for 0.4 m."""
from __future__ import annotations

import pytest

from inference.core.errors import FlairError
from inference.segment.commit import OutputError, check_free_space
from inference.segment.sink import check_writable


def test_a_message_is_said_in_french_with_a_decimal_comma(tmp_path, monkeypatch):
    import inference.segment.commit as commit

    monkeypatch.setattr(commit, "free_bytes", lambda folder: 100_000)
    with pytest.raises(OutputError) as e:
        check_free_space(str(tmp_path / "o.tif"), 4000, 4000)
    assert "0.1 MB is free" in str(e.value)  # logs and the CLI's default
    fr = e.value.text("fr")
    assert "0,1 Mo sont libres" in fr and "MB" not in fr and "Free some space" not in fr
    assert e.value.text("en") == str(e.value)
    # a message without a French version stays whole, in English
    assert FlairError("plain words").text("fr") == "plain words"


def test_an_unwritable_folder_is_reported_as_such_not_as_a_full_disk(tmp_path, monkeypatch):
    import tempfile

    def refused(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # root passes the permission bits (in /proc, on a read-only mount): only creating a file tells
    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(OutputError, match=r"^cannot write in .*: choose another output path$") as e:
        check_writable(str(tmp_path / "x.tif"))
    assert e.value.text("fr").startswith("impossible d’écrire dans")
    monkeypatch.undo()
    check_writable(str(tmp_path / "x.tif"))
    assert list(tmp_path.iterdir()) == []  # the probe is gone

