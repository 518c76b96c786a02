"""Reading gazetteer CSV files into :class:`~central.geocode.matcher.GazetteerEntry` lists.

Three layouts are recognised by their header:

(a) ours: ``kind,name_bg,name_en,lat,lon,district_code,aliases`` (aliases separated by "|");
(b) the shared neighbourhoods file ``sofia_kvartali_gazetteer.derived.csv``:
    ``kvartal_id,name_bg,district_num,district_bg,share_in_district,lat,lon``;
(c) the shared settlements file ``sofia_settlements_by_district.nsi_ekatte2014.csv``:
    ``ekatte,type,name_bg,raion_code,raion_name_bg,lat,lon,district_num_by_polygon``.

A file is read completely or not at all: the first bad row raises :class:`GazetteerFileError` naming the
file, the line and the problem, so that whoever imports it can fix it.
"""

from __future__ import annotations

import csv
import math
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TextIO

from central.geocode.matcher import PLACE_KINDS, GazetteerEntry, repair_mixed_script


class GazetteerFileError(ValueError):
    """A gazetteer file that cannot be used; ``line`` is the 1-based line in the file when known."""

    def __init__(self, path: Path, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


# Roughly Bulgaria (41.23..44.22 N, 22.36..28.61 E) with a small margin: catches swapped lat/lon, a
# missing decimal point and points on another continent, without encoding Sofia's exact outline.
_LAT_RANGE = (41.0, 44.5)
_LON_RANGE = (22.0, 29.0)

_DISTRICT_CODE_RE = re.compile(r"^68134-(0[1-9]|1\d|2[0-4])$")  # Столична община, districts 01..24
_DISTRICT_COUNT = 24

_OWN_COLUMNS = ("kind", "name_bg", "name_en", "lat", "lon", "district_code", "aliases")
_KVARTALI_COLUMNS = ("kvartal_id", "name_bg", "district_num", "lat", "lon")
_SETTLEMENT_COLUMNS = ("ekatte", "type", "name_bg", "raion_code", "lat", "lon")

# In the neighbourhoods file the kind follows from the prefix; everything that is not a village or a town
# (жк., кв., м., в.з., махала, парк, "Промишлена зона", unprefixed names) is an area of the city.
_KVARTAL_KIND_RE = re.compile(r"^(?:(?P<village>с\.)|(?P<town>гр\.))\s*\S", re.IGNORECASE)
_SETTLEMENT_TYPES = {
    "с.": ("village", "с."),
    "с": ("village", "с."),
    "гр.": ("town", "гр."),
    "гр": ("town", "гр."),
}

_Row = Mapping[str, str]
_RowParser = Callable[[Path, int, _Row], GazetteerEntry | None]


def read_gazetteer_csv(path: Path) -> list[GazetteerEntry]:
    """Read a gazetteer CSV (UTF-8, with or without BOM) in any of the three layouts, in file order."""
    path = Path(path)
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return _read_rows(path, _numbered_rows(path, handle))
    except UnicodeDecodeError as exc:
        raise GazetteerFileError(path, f"not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    except OSError as exc:
        raise GazetteerFileError(path, f"cannot read the file: {exc.strerror or exc}") from exc


def _numbered_rows(path: Path, handle: TextIO) -> Iterator[tuple[int, list[str]]]:
    """(line number, row) pairs; the number is the row's last physical line, as csv counts them."""
    reader = csv.reader(handle)
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise GazetteerFileError(path, f"malformed CSV: {exc}", reader.line_num) from exc
        yield reader.line_num, row


def _read_rows(path: Path, rows: Iterator[tuple[int, list[str]]]) -> list[GazetteerEntry]:
    first = next(rows, None)
    if first is None:
        raise GazetteerFileError(path, "the file is empty (a header line is expected)")
    header = [column.strip().lower() for column in first[1]]
    parser = _parser_for(path, header)

    entries: list[GazetteerEntry] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue  # a blank line
        if len(row) != len(header):
            raise GazetteerFileError(
                path, f"expected {len(header)} fields as in the header, got {len(row)}", line
            )
        entry = parser(path, line, {column: cell.strip() for column, cell in zip(header, row, strict=True)})
        if entry is not None:
            entries.append(entry)
    return entries


def _parser_for(path: Path, header: list[str]) -> _RowParser:
    columns = set(header)
    if len(columns) != len(header):
        raise GazetteerFileError(path, f"repeated column names in the header: {', '.join(header)}", 1)
    if columns.issuperset(_OWN_COLUMNS):
        return _parse_own_row
    if columns.issuperset(_KVARTALI_COLUMNS):
        return _parse_kvartal_row
    if columns.issuperset(_SETTLEMENT_COLUMNS):
        return _parse_settlement_row
    raise GazetteerFileError(
        path,
        "unrecognised header; expected one of: "
        f"{','.join(_OWN_COLUMNS)} | {','.join(_KVARTALI_COLUMNS)},... | {','.join(_SETTLEMENT_COLUMNS)},...",
        1,
    )


# --------------------------------------------------------------------------------------------------------
# The three layouts


def _parse_own_row(path: Path, line: int, row: _Row) -> GazetteerEntry:
    kind = row["kind"].lower()
    if kind not in PLACE_KINDS:
        raise GazetteerFileError(
            path, f"unknown kind {row['kind']!r}; expected one of {', '.join(PLACE_KINDS)}", line
        )
    district = row["district_code"] or None
    if district is not None and not _DISTRICT_CODE_RE.match(district):
        raise GazetteerFileError(
            path, f"district_code {district!r} is not of the form 68134-01..68134-24", line
        )
    lat, lon = _coordinates(path, line, row)
    aliases: list[str] = []
    for alias in row["aliases"].split("|"):
        alias = alias.strip()
        if alias and alias not in aliases:
            aliases.append(alias)
    return GazetteerEntry(
        kind=kind,
        name_bg=_name(path, line, row),
        name_en=row["name_en"],
        lat=lat,
        lon=lon,
        district_code=district,
        aliases=tuple(aliases),
    )


def _parse_kvartal_row(path: Path, line: int, row: _Row) -> GazetteerEntry | None:
    if not row["name_bg"]:
        # The derived file keeps a few unnamed polygons (5 of 310 today) so that the areas add up; a
        # place nobody can name is not something an operator can search for.
        return None
    name = _name(path, line, row)
    prefix = _KVARTAL_KIND_RE.match(name)
    kind = "neighbourhood"
    if prefix is not None:
        kind = "village" if prefix.group("village") else "town"
    lat, lon = _coordinates(path, line, row)
    return GazetteerEntry(
        kind=kind,
        name_bg=name,
        name_en="",
        lat=lat,
        lon=lon,
        district_code=_district_from_number(path, line, "district_num", row["district_num"]),
    )


def _parse_settlement_row(path: Path, line: int, row: _Row) -> GazetteerEntry:
    type_ = _SETTLEMENT_TYPES.get(row["type"].lower())
    if type_ is None:
        raise GazetteerFileError(
            path, f"unknown settlement type {row['type']!r}; expected 'с.' or 'гр.'", line
        )
    kind, prefix = type_
    # The polygon-derived district (when the file has it) is the one the district map gives for the
    # settlement's point, so a place found by name and the same place clicked on the map agree. NSI's
    # raion_code is the fallback; the two differ for one village today (с. Мрамор: 21 vs 20).
    by_polygon = row.get("district_num_by_polygon", "")
    if by_polygon:
        district = _district_from_number(path, line, "district_num_by_polygon", by_polygon)
    else:
        district = row["raion_code"]
        if not _DISTRICT_CODE_RE.match(district):
            raise GazetteerFileError(
                path, f"raion_code {district!r} is not of the form 68134-01..68134-24", line
            )
    lat, lon = _coordinates(path, line, row)
    return GazetteerEntry(
        kind=kind,
        name_bg=f"{prefix} {_name(path, line, row)}",
        name_en="",
        lat=lat,
        lon=lon,
        district_code=district,
    )


# --------------------------------------------------------------------------------------------------------
# Field checks


def _name(path: Path, line: int, row: _Row) -> str:
    name = " ".join(row["name_bg"].split())
    if not name:
        raise GazetteerFileError(path, "name_bg is empty", line)
    # Latin look-alikes inside Cyrillic words (the neighbourhoods file has "Световрачeне" with a Latin
    # "e") would show fine but break exact comparisons and de-duplication elsewhere.
    return repair_mixed_script(name)


def _coordinates(path: Path, line: int, row: _Row) -> tuple[float, float]:
    lat = _number(path, line, "lat", row["lat"])
    lon = _number(path, line, "lon", row["lon"])
    if not (_LAT_RANGE[0] <= lat <= _LAT_RANGE[1] and _LON_RANGE[0] <= lon <= _LON_RANGE[1]):
        hint = " (lat and lon swapped?)" if _LAT_RANGE[0] <= lon <= _LAT_RANGE[1] else ""
        raise GazetteerFileError(path, f"point lat={lat}, lon={lon} is not in Bulgaria{hint}", line)
    return lat, lon


def _number(path: Path, line: int, column: str, text: str) -> float:
    try:
        # A decimal comma is what a Bulgarian spreadsheet writes when the cell was quoted.
        value = float(text.replace(",", "."))
    except ValueError:
        raise GazetteerFileError(path, f"{column} {text!r} is not a number", line) from None
    if not math.isfinite(value):
        raise GazetteerFileError(path, f"{column} {text!r} is not a finite number", line)
    return value


def _district_from_number(path: Path, line: int, column: str, text: str) -> str:
    try:
        number = int(text)
    except ValueError:
        raise GazetteerFileError(path, f"{column} {text!r} is not a district number 1..24", line) from None
    if not 1 <= number <= _DISTRICT_COUNT:
        raise GazetteerFileError(path, f"{column} {text!r} is not a district number 1..24", line)
    return f"68134-{number:02d}"
