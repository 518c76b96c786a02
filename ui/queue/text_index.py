"""Which queue rows contain a piece of text, fast enough for every keystroke at 1,000,000 rows.

All rows' lower-cased search texts are joined, one per line, into one string. A search runs ``str.find``
over it (C, a fast substring search) and, after each hit, skips to the next line, so the Python work is
proportional to the rows that match, not to all rows. Hit offsets become row numbers with one vectorised
``searchsorted``.

Rows that changed after the string was built are *dirty*: the string's old text for them is ignored and
their current text is checked directly. When many rows are dirty the owner rebuilds the index.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np


class TextIndex:
    def __init__(self, texts: Iterable[str]) -> None:
        lines = list(texts)
        self._blob = "\n".join(lines) + "\n"
        lengths = np.fromiter((len(line) + 1 for line in lines), dtype=np.int64, count=len(lines))
        # Offset where each row's line starts; a match at offset p belongs to the last start <= p.
        self._starts = np.concatenate(([0], np.cumsum(lengths)[:-1])) if lines else np.zeros(0, np.int64)
        self._size = len(lines)
        self.dirty: set[int] = set()

    def __len__(self) -> int:
        return self._size

    def mark_dirty(self, row: int) -> None:
        """The row's text changed, or the row is new since the index was built."""
        self.dirty.add(row)

    def matching_rows(self, text: str, current_text: Callable[[int], str]) -> set[int]:
        """Rows whose search text contains ``text`` (already lower-cased); ``current_text(row)`` gives the
        up-to-date text of dirty rows and of rows added after the index was built."""
        if not text or "\n" in text:
            return set()
        offsets = _line_matches(self._blob, text)
        rows = set((np.searchsorted(self._starts, offsets, side="right") - 1).tolist()) if offsets else set()
        if self.dirty:
            rows -= self.dirty
            rows.update(row for row in self.dirty if text in current_text(row))
        return rows


def _line_matches(blob: str, text: str) -> list[int]:
    """Offsets of the first hit of ``text`` on each line of ``blob`` that has one."""
    offsets = []
    find = blob.find
    position = find(text)
    while position >= 0:
        offsets.append(position)
        position = find(text, find("\n", position) + 1)
    return offsets
