"""The app's lifespan: a file database is closed on shutdown (nothing left in its WAL) and opened again when
the same app starts once more; an in-memory one keeps its state across lifespans of the same app."""

from __future__ import annotations

from pathlib import Path

import httpx

from sms_sandbox import create_app

from ._support import AUTH, serve


def _send(base_url: str, to: str) -> httpx.Response:
    return httpx.post(
        f"{base_url}/restapi/sms/1/text/single", json={"to": to, "text": "hi"}, auth=AUTH, timeout=10
    )


def _logged(base_url: str) -> list[str]:
    r = httpx.get(f"{base_url}/restapi/sms/1/logs", auth=AUTH, timeout=10)
    assert r.status_code == 200
    return [entry["to"] for entry in r.json()["results"]]


def test_a_file_database_is_closed_on_shutdown_and_reopened(tmp_path: Path) -> None:
    db = tmp_path / "sandbox.db"
    app = create_app(db_path=str(db), delivery_delay=0)
    with serve(app) as base_url:
        assert _send(base_url, "41793026727").status_code == 200
        assert Path(f"{db}-wal").exists()  # WAL mode: the connection is open
    # Closing the last connection checkpoints the WAL into the file and removes it.
    assert not Path(f"{db}-wal").exists()
    with serve(app) as base_url:
        assert _send(base_url, "41793026731").status_code == 200
        assert sorted(_logged(base_url)) == ["41793026727", "41793026731"]


def test_an_in_memory_database_outlives_a_lifespan() -> None:
    app = create_app(delivery_delay=0)
    with serve(app) as base_url:
        assert _send(base_url, "41793026727").status_code == 200
    with serve(app) as base_url:
        assert _logged(base_url) == ["41793026727"]
