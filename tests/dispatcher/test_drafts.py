"""DraftStore: the intake form's draft survives a crash; a bad file never stops the console."""

from __future__ import annotations

import asyncio
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from dispatcher.drafts import SAVED_AT, DraftStore

FORM = {
    "description": "Дупка на бул. „Цариградско шосе“ № 115, до спирката — опасна за велосипедисти",
    "reporter": {"name": "Иван Петров", "phone": "+359 888 123 456"},
    "category_id": 3,
    "lat": 42.6475,
    "lon": 23.3817,
    "tags": ["спешно", "пътна настилка"],
    "anonymous": False,
}


@pytest.fixture
def drafts(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "drafts")  # the folder does not exist yet: save() makes it


def test_a_draft_round_trips_with_bulgarian_text(drafts: DraftStore) -> None:
    assert drafts.load("intake") is None and drafts.list() == []
    before = datetime.now(UTC)
    saved_at = drafts.save("intake", FORM)
    assert before <= saved_at <= datetime.now(UTC)

    draft = drafts.load("intake")
    assert draft == {**FORM, SAVED_AT: saved_at}
    text = drafts.file("intake").read_text(encoding="utf-8")
    assert "Цариградско шосе" in text  # UTF-8 as is, not \u escapes
    if sys.platform != "win32":
        assert drafts.file("intake").stat().st_mode & 0o777 == 0o600  # personal data: the owner's only
    assert drafts.list() == ["intake"]

    # Saving what load() gave back (with saved_at in it) keeps the data clean and takes the new time.
    later = drafts.save("intake", {**draft, "description": "поправено"})
    assert drafts.load("intake") == {**FORM, "description": "поправено", SAVED_AT: later}

    drafts.save("intake-2", {})
    assert drafts.list() == ["intake", "intake-2"]
    assert drafts.discard("intake") is True
    assert drafts.load("intake") is None and drafts.list() == ["intake-2"]
    assert drafts.discard("intake") is False


@pytest.mark.parametrize(
    "content",
    [
        # cut short in the middle of a Cyrillic letter
        b'{"format": 1, "saved_at": "2026-12-02T08:00:00+00:00", "data": {"description": "\xd0\x94\xd1',
        b"\xff\xfe\x00garbage",  # not UTF-8
        b"[1, 2, 3]",  # not an object
        b'{"format": 1, "data": {"description": "x"}}',  # no saved_at
        b'{"format": 1, "saved_at": "2026-12-02T08:00:00", "data": {}}',  # a time without a zone
        b'{"format": 1, "saved_at": "2026-12-02T08:00:00+00:00", "data": "text"}',
        b"",
    ],
    ids=["truncated", "not-utf8", "list", "no-time", "naive-time", "data-not-object", "empty"],
)
def test_a_corrupt_draft_is_none_and_moved_aside(drafts: DraftStore, content: bytes) -> None:
    drafts.path.mkdir()
    drafts.file("intake").write_bytes(content)
    assert drafts.load("intake") is None  # never raises
    assert not drafts.file("intake").exists()
    assert (drafts.path / "intake.json.corrupt").read_bytes() == content  # kept for a person to look at
    assert drafts.list() == []
    assert drafts.load("intake") is None
    saved_at = drafts.save("intake", FORM)  # and the next save starts afresh
    assert drafts.load("intake") == {**FORM, SAVED_AT: saved_at}


def test_a_draft_of_a_newer_console_is_left_alone(drafts: DraftStore) -> None:
    drafts.path.mkdir()
    content = b'{"format": 99, "saved_at": "2026-12-02T08:00:00+00:00", "data": {}}'
    drafts.file("intake").write_bytes(content)
    assert drafts.load("intake") is None
    assert drafts.file("intake").read_bytes() == content


def test_a_failed_save_leaves_the_previous_draft_whole(
    drafts: DraftStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    drafts.save("intake", FORM)
    good = drafts.file("intake").read_bytes()

    with pytest.raises(TypeError):
        drafts.save("intake", {**FORM, "photo": object()})  # json.dumps refuses it
    with pytest.raises(ValueError):
        drafts.save("intake", {**FORM, "lat": float("nan")})  # not JSON either
    assert drafts.file("intake").read_bytes() == good

    def no_rename(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", no_rename)  # the disk fails after the temporary file was written
    with pytest.raises(OSError):
        drafts.save("intake", {**FORM, "description": "ново"})
    monkeypatch.undo()
    assert drafts.file("intake").read_bytes() == good
    assert sorted(p.name for p in drafts.path.iterdir()) == ["intake.json"]  # no temporary file left


@pytest.mark.parametrize("name", ["", "../intake", "a/b", ".hidden", "a\\b", "черновa", "x" * 101])
def test_a_name_that_is_not_a_plain_file_name_is_refused(drafts: DraftStore, name: str) -> None:
    with pytest.raises(ValueError):
        drafts.save(name, FORM)
    with pytest.raises(ValueError):
        drafts.load(name)


async def test_the_async_wrappers_run_in_call_order(drafts: DraftStore) -> None:
    await asyncio.wait_for(drafts.asave("intake", FORM), 5)
    assert await asyncio.wait_for(drafts.alist(), 5) == ["intake"]
    loaded = await asyncio.wait_for(drafts.aload("intake"), 5)
    assert loaded is not None and loaded["description"] == FORM["description"]

    # An autosave still on its way when the report is filed must not bring the draft back.
    for _ in range(20):
        save = asyncio.ensure_future(drafts.asave("intake", FORM))
        discard = asyncio.ensure_future(drafts.adiscard("intake"))
        await asyncio.wait_for(asyncio.gather(save, discard), 5)
        assert discard.result() is True
        assert await asyncio.wait_for(drafts.aload("intake"), 5) is None
