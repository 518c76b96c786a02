"""Reading the reference CSV files shipped in ``central/seed/data`` (and the same formats from admins)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

SEED_DATA_DIR = Path(__file__).with_name("data")


class ReferenceFileError(ValueError):
    """A reference file that cannot be imported; the message names the line and the problem."""


def read_csv_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) after checking the header has every required column."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in required if name not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceFileError(f"{path.name}: missing column(s): {', '.join(missing)}")
        for row in reader:
            yield reader.line_num, {key: (value or "").strip() for key, value in row.items() if key}


def parse_bool(value: str, where: str) -> bool:
    lowered = value.strip().lower()
    if lowered in ("true", "1", "yes", "да"):
        return True
    if lowered in ("false", "0", "no", "не", ""):
        return False
    raise ReferenceFileError(f"{where}: expected true/false, got {value!r}")
