"""The app of the attachment tests: a small upload limit (so "too large" is cheap to test), own folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

LIMIT = 100_000


@pytest.fixture
def attachments_dir(tmp_path: Path) -> Path:
    return tmp_path / "photos"


@pytest.fixture
def app(database_url: str, clock: Any, attachments_dir: Path) -> Any:
    from central.app import create_app
    from central.config import Settings

    return create_app(
        Settings(database_url=database_url, attachments_dir=attachments_dir, max_attachment_bytes=LIMIT),
        clock,
    )


@pytest.fixture
def upload(client: Any) -> Callable[..., Any]:
    """upload(api, data, filename=..., content_type=...) → the raw response of POST /attachments."""

    def _upload(
        api: Any, data: bytes, filename: str = "IMG_0001.JPG", content_type: str = "image/jpeg"
    ) -> Any:
        return client.post(
            "/api/v1/attachments", files={"file": (filename, data, content_type)}, headers=api.headers()
        )

    return _upload
