"""Fuzzy geocoding of what an operator types against a gazetteer of Sofia.

An operator types while a citizen is talking, so the input is short, often misspelt, with or without a
type prefix ("бул.", "жк", "с."), sometimes in Latin letters ("bul. Vitosha 15", "mladost 1"), sometimes
with a house number, and sometimes it is not a name at all but coordinates or a Google Maps link
(:func:`parse_coordinates`).

How a search works:

1. :func:`normalize` reduces the query and every gazetteer name to one comparable form: lowercase
   Cyrillic without the type prefix, quotes or punctuation. The prefix the operator typed is kept aside as
   a *tag* (e.g. "с" for a village) and used to prefer entries of the kind it announces.
2. A trailing (or leading) number is tried both as part of the name ("Младост 1") and as a house number
   ("Витоша 15"); both readings are scored and each entry keeps its better one, the house-number reading
   with a small penalty so that a whole-name match wins when one exists.
3. rapidfuzz's WRatio scores the query against every name and alias; a name that starts with the query
   gets a small bonus (the operator is still typing), an entry whose kind contradicts the typed prefix
   a penalty.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import unquote

from rapidfuzz import fuzz, process

PLACE_KINDS = ("street", "neighbourhood", "village", "town", "place")


@dataclass(frozen=True)
class GazetteerEntry:
    kind: str  # one of PLACE_KINDS
    name_bg: str  # as displayed, with its prefix: "бул. Витоша", "жк. Младост 1", "с. Бистрица", "НДК"
    name_en: str  # may be ""
    lat: float
    lon: float
    district_code: str | None  # NSI "68134-NN" when known
    aliases: tuple[str, ...] = ()  # other names people use ("Цариградско", "Tsarigradsko shose")


@dataclass(frozen=True)
class GeocodeMatch:
    entry: GazetteerEntry
    score: float  # 0..100
    house_number: str | None  # "15", "15А" parsed from the query when given


# --------------------------------------------------------------------------------------------------------
# Normalisation

# Type prefixes, already normalised (lowercase Cyrillic, punctuation turned into spaces, so "ж.к." is
# "ж к"), mapped to a canonical tag and the kind of place the tag announces.
_PREFIXES: dict[str, tuple[str, str]] = {
    "бул": ("бул", "street"),
    "булевард": ("бул", "street"),
    "блвд": ("бул", "street"),  # "blvd" after transliteration
    "боулевард": ("бул", "street"),  # "boulevard" after transliteration
    "ул": ("ул", "street"),
    "улица": ("ул", "street"),
    "пл": ("пл", "street"),
    "площад": ("пл", "street"),
    "жк": ("жк", "neighbourhood"),
    "ж к": ("жк", "neighbourhood"),
    "жилищен комплекс": ("жк", "neighbourhood"),
    "кв": ("кв", "neighbourhood"),
    "квартал": ("кв", "neighbourhood"),
    "м": ("м", "neighbourhood"),
    "местност": ("м", "neighbourhood"),
    "вз": ("вз", "neighbourhood"),
    "в з": ("вз", "neighbourhood"),
    "вилна зона": ("вз", "neighbourhood"),
    "с": ("с", "village"),
    "село": ("с", "village"),
    "гр": ("гр", "town"),
    "град": ("гр", "town"),
}
_TAG_KIND = {tag: kind for tag, kind in _PREFIXES.values()}
_MAX_PREFIX_WORDS = max(len(prefix.split()) for prefix in _PREFIXES)

# English type words (checked on Latin tokens before transliteration): "Vitosha Blvd", "15 Pirotska St".
# They may stand anywhere, so they are dropped wherever they occur.
_ENGLISH_TYPE_WORDS = {
    "blvd": "бул",
    "boulevard": "бул",
    "str": "ул",
    "street": "ул",
    "st": "ул",
    "sq": "пл",
    "square": "пл",
    "ave": "бул",
    "avenue": "бул",
}

# Reverse of the official Bulgarian transliteration (Закон за транслитерацията, 2009). Multi-letter
# sequences are tried first, longest first. It is lossy ("a" is а or ъ, "y" is й or ь), which the match key
# (_fold) absorbs. "c", "j", "q", "w", "x" are not in the official table but appear in informal spelling
# ("Slivnica", "jk Mladost").
_LATIN_SEQUENCES: tuple[tuple[str, str], ...] = (
    ("sht", "щ"),
    ("zh", "ж"),
    ("ts", "ц"),
    ("ch", "ч"),
    ("sh", "ш"),
    ("yu", "ю"),
    ("ya", "я"),
    ("kh", "х"),
)
_LATIN_LETTERS = {
    "a": "а", "b": "б", "c": "ц", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "х", "i": "и",
    "j": "ж", "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "к", "r": "р",
    "s": "с", "t": "т", "u": "у", "v": "в", "w": "в", "x": "кс", "y": "й", "z": "з",
}  # fmt: skip

# Latin letters that look like Cyrillic ones. Inside a word that also has Cyrillic letters they are
# typing accidents (a Latin keyboard layout for one key, or copy-paste) and are replaced by shape, not
# by sound: Latin "c" in "Свобoда" is "с", not "ц".
_HOMOGLYPHS = str.maketrans("AaBCcEeHKkMOoPpTXxYy", "АаВСсЕеНКкМОоРрТХхУу")

_CYRILLIC_RE = re.compile(r"[\u0400-\u04FF]")
_LATIN_RE = re.compile(r"[A-Za-z]")
_WORD_RE = re.compile(r"[^\W_]+")  # letters and digits; everything else is a separator
_SOFIA_LEAD_RE = re.compile(r"^\s*(?:(?:гр|град)\.?\s*)?(?:софия|sofia)\s*,\s*", re.IGNORECASE)
_LETTER_DIGIT_RE = re.compile(r"(?<=[а-я])(?=\d)")  # "младост1" -> "младост 1"


def repair_mixed_script(text: str) -> str:
    """Replace Latin look-alike letters inside words that are otherwise Cyrillic ("Витошa" -> "Витоша").

    Words written wholly in Latin are left alone (they are transliterations, handled by :func:`normalize`).
    """

    def repair(match: re.Match[str]) -> str:
        word = match.group(0)
        if _CYRILLIC_RE.search(word) and _LATIN_RE.search(word):
            return word.translate(_HOMOGLYPHS)
        return word

    return _WORD_RE.sub(repair, text)


def _latin_to_cyrillic(word: str) -> str:
    if not _LATIN_RE.search(word):
        return word
    # The official table writes a final "-ия" as "-ia" ("София" -> "Sofia").
    if word.endswith("ia") and len(word) > 2:
        word = word[:-2] + "ия"
    out: list[str] = []
    i = 0
    while i < len(word):
        for latin, cyrillic in _LATIN_SEQUENCES:
            if word.startswith(latin, i):
                out.append(cyrillic)
                i += len(latin)
                break
        else:
            out.append(_LATIN_LETTERS.get(word[i], word[i]))
            i += 1
    return "".join(out)


def latin_to_cyrillic(word: str) -> str:
    """One lowercase word typed in Latin letters, back in Cyrillic ("dupka" -> "дупка"); Cyrillic stays."""
    return _latin_to_cyrillic(word)


def _analyse(text: str) -> tuple[str | None, str]:
    """Normalise ``text``; return (tag of the type prefix it had or None, normalised text)."""
    text = unicodedata.normalize("NFC", text)
    # Stress marks and other combining accents; "й" is one precomposed letter after NFC and survives.
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = text.replace("ѝ", "и").replace("Ѝ", "И")
    text = repair_mixed_script(text)
    # "София, бул. Витоша 15": the city is implied. Only with the comma, so "София парк" stays a name.
    text = _SOFIA_LEAD_RE.sub("", text)
    words = _WORD_RE.findall(text.lower())

    tag: str | None = None
    kept: list[str] = []
    for word in words:
        english_tag = _ENGLISH_TYPE_WORDS.get(word)
        if english_tag is not None and len(words) > 1:
            tag = tag or english_tag
            continue
        kept.append(_latin_to_cyrillic(word))
    words = _LETTER_DIGIT_RE.sub(" ", " ".join(kept)).split()

    # The type prefix at the start, longest first ("вилна зона" before "в з"), only if a name remains.
    for size in range(min(_MAX_PREFIX_WORDS, len(words) - 1), 0, -1):
        prefix = " ".join(words[:size])
        if prefix in _PREFIXES:
            tag = _PREFIXES[prefix][0]
            words = words[size:]
            break
    return tag, " ".join(words)


def normalize(text: str) -> str:
    """Lowercase Cyrillic form of a place name or query, without type prefix, quotes or punctuation.

    "бул. „Витоша“ 15" -> "витоша 15"; "bul. Vitosha" -> "витоша"; "ж.к. Младост1" -> "младост 1".
    """
    return _analyse(text)[1]


# The match key folds what the Latin->Cyrillic reversal cannot tell apart: "Cherni vrah" gives "врах" for
# "връх", "Pirotska" gives "пироцка" for "пиротска" ("ts" is both ц and тс), "sht" both щ and шт, and
# "Stamboliyski" a "й" where a Bulgarian may type "и".
_FOLD = str.maketrans({"ъ": "а", "й": "и", "ь": "и"})


# rapidfuzz compares pure-ASCII strings several times faster than other text (its bit-parallel tables
# are indexed by byte), so the match key also swaps the 32 letters а..я for the 32 characters "A".."`"
# (digits and spaces are unchanged). Keys are only ever compared with each other, never shown.
_FOLD_TO_ASCII = str.maketrans({chr(ord("а") + offset): chr(ord("A") + offset) for offset in range(32)})


def _fold(normalized: str) -> str:
    folded = normalized.replace("тс", "ц").replace("шт", "щ").translate(_FOLD)
    return folded.translate(_FOLD_TO_ASCII)


# --------------------------------------------------------------------------------------------------------
# Matching

# Order of kinds when scores tie: a landmark or street is what an operator most often means by a bare name
# ("Витоша" the boulevard rather than кв. Витоша); a village before the вилна зона of the same name.
_KIND_RANK = {kind: rank for rank, kind in enumerate(("place", "street", "town", "village", "neighbourhood"))}
_TAG_RANK = {tag: rank for rank, tag in enumerate(("бул", "ул", "пл", "гр", "с", "жк", "кв", "м", "вз"))}

_SCORE_CUTOFF = 65.0  # below this WRatio the suggestion is noise
_ABBREVIATION_LENGTH = 3  # keys this short match only as a whole word
_PREFIX_BONUS = 4.0  # the name starts with what was typed (typing still in progress)
_HOUSE_NUMBER_PENALTY = 2.0  # reading the number as a house number, so a whole-name match wins
_OTHER_TAG_PENALTY = 2.0  # "кв. Лозенец" typed, "жк. Лозенец" found: same kind, another prefix
_OTHER_KIND_PENALTY = 8.0  # "с. Бистрица" typed, "в.з. Бистрица" found
_MIN_CANDIDATES = 50  # rapidfuzz candidates kept per reading before re-ranking

_HOUSE_NUMBER = r"\d{1,4}(?: ?[а-я])?"  # "15", "15а", "15 а"
_TRAILING_NUMBER_RE = re.compile(rf"^(?P<name>.*[а-я].*?) (?P<number>{_HOUSE_NUMBER})$")
_LEADING_NUMBER_RE = re.compile(rf"^(?P<number>{_HOUSE_NUMBER}) (?P<name>.*[а-я].*)$")


def _split_house_number(normalized: str) -> tuple[str, str] | None:
    """("витоша 15а" -> ("витоша", "15А")); also "15 витоша" as written in English addresses."""
    match = _TRAILING_NUMBER_RE.match(normalized) or _LEADING_NUMBER_RE.match(normalized)
    if match is None:
        return None
    return match.group("name"), match.group("number").replace(" ", "").upper()


@dataclass(frozen=True)
class _Prepared:
    entry: GazetteerEntry
    tag: str | None  # tag of the prefix in name_bg ("жк" for "жк. Младост 1"), None for "НДК"
    # Same kind, prefix, name and district: the same place listed twice (e.g. in two source files).
    dedupe_key: tuple[str, str | None, str, str | None]


class GazetteerMatcher:
    """Search a fixed list of gazetteer entries. Build once (it pre-normalises), search many times."""

    def __init__(self, entries: Sequence[GazetteerEntry]) -> None:
        self._entries: list[_Prepared] = []
        # One flat list of distinct match keys for rapidfuzz (the scoring is the cost of a search, and
        # "витоша" or "бистрица" name several entries), and for each key the entries it names.
        self._keys: list[str] = []
        self._owners: list[list[int]] = []
        key_positions: dict[str, int] = {}
        for index, entry in enumerate(entries):
            tag, name = _analyse(entry.name_bg)
            dedupe_key = (entry.kind, tag, _fold(name), entry.district_code)
            self._entries.append(_Prepared(entry, tag, dedupe_key))
            for text in (entry.name_bg, entry.name_en, *entry.aliases):
                key = _fold(_analyse(text)[1]) if text else ""
                if not key:
                    continue
                if key not in key_positions:
                    key_positions[key] = len(self._keys)
                    self._keys.append(key)
                    self._owners.append([])
                owners = self._owners[key_positions[key]]
                if index not in owners:
                    owners.append(index)
        # Keys with a digit ("младост 1", "люлин 7"), by their index in _keys; see search().
        self._numbered_keys: dict[int, str] = {
            key_index: key for key_index, key in enumerate(self._keys) if any(ch.isdigit() for ch in key)
        }

    def __len__(self) -> int:
        return len(self._entries)

    def search(self, query: str, limit: int = 10) -> list[GeocodeMatch]:
        """Entries matching ``query``, best first, at most ``limit``; [] for an empty or blank query."""
        if limit <= 0 or not query or not query.strip():
            return []
        tag, normalized = _analyse(query)
        if not normalized:
            return []

        # (match key, keys to compare with, house number, penalty) for each way of reading the query
        readings: list[tuple[str, list[str] | dict[int, str], str | None, float]] = []
        split = _split_house_number(normalized)
        if split is None:
            readings.append((_fold(normalized), self._keys, None, 0.0))
        else:
            # With the number kept, only names that have a number can match as a whole ("Младост 1"); a
            # name without one always does better under the house-number reading, so comparing them
            # twice would only double the time of the search.
            readings.append((_fold(normalized), self._numbered_keys, None, 0.0))
            readings.append((_fold(split[0]), self._keys, split[1], _HOUSE_NUMBER_PENALTY))

        # entry index -> (score, house number) of its best key under its best reading
        best: dict[int, tuple[float, str | None]] = {}
        candidates = max(_MIN_CANDIDATES, limit * 5)
        for text, choices, house_number, penalty in readings:
            hits = process.extract(
                text, choices, scorer=fuzz.WRatio, limit=candidates, score_cutoff=_SCORE_CUTOFF
            )
            for key, raw_score, key_index in hits:
                # Abbreviations ("НДК", "СУ", "ЦУМ") are whole words or nothing: as fuzzy substrings
                # they would match half the gazetteer ("су" in "Сухата река").
                if len(key) <= _ABBREVIATION_LENGTH and key != text and not text.startswith(key + " "):
                    continue
                key_score = raw_score - penalty
                if len(text) >= 3 and key != text and key.startswith(text):
                    key_score += _PREFIX_BONUS
                for index in self._owners[key_index]:
                    score = key_score - self._tag_penalty(tag, self._entries[index])
                    if index not in best or score > best[index][0]:
                        best[index] = (score, house_number)

        def order(index: int) -> tuple[float, int, int, int, str, int]:
            prepared = self._entries[index]
            return (
                -best[index][0],
                _KIND_RANK.get(prepared.entry.kind, len(_KIND_RANK)),
                _TAG_RANK.get(prepared.tag or "", len(_TAG_RANK)),
                # Shorter, then alphabetical: "Дружба 1" before "Дружба 2", "Люлин 9" before "Люлин 10".
                len(prepared.entry.name_bg),
                prepared.entry.name_bg,
                index,
            )

        results: list[GeocodeMatch] = []
        seen: set[tuple[str, str | None, str, str | None]] = set()
        for index in sorted(best, key=order):
            prepared = self._entries[index]
            score, house_number = best[index]
            if score < _SCORE_CUTOFF:
                break  # sorted by score: the rest are penalised below the cut-off too
            # The shared files list some villages twice (neighbourhood file and settlements file):
            # one line per place is enough for the operator.
            if prepared.dedupe_key in seen:
                continue
            seen.add(prepared.dedupe_key)
            results.append(GeocodeMatch(prepared.entry, round(min(100.0, max(0.0, score)), 1), house_number))
            if len(results) == limit:
                break
        return results

    @staticmethod
    def _tag_penalty(query_tag: str | None, prepared: _Prepared) -> float:
        if query_tag is None or query_tag == prepared.tag:
            return 0.0
        if _TAG_KIND[query_tag] == prepared.entry.kind:
            return _OTHER_TAG_PENALTY
        return _OTHER_KIND_PENALTY


# --------------------------------------------------------------------------------------------------------
# Coordinates

_NUMBER = r"-?\d{1,3}(?:\.\d+)?"
_DOT_PAIR_RE = re.compile(r"^\s*(-?\d{1,3}\.\d+)\s*(?:[,;]\s*|\s+)(-?\d{1,3}\.\d+)\s*$")
# Bulgarian decimal comma: the two numbers must be separated by something other than a bare comma
# ("42,6975; 23,3242", "42,6975 23,3242", "42,6975, 23,3242"), except for the one unambiguous
# all-comma form "42,6975,23,3242" (four groups can only be two numbers).
_COMMA_PAIR_RE = re.compile(r"^\s*(-?\d{1,3},\d+)\s*(?:;\s*|,\s+|\s+)(-?\d{1,3},\d+)\s*$")
_COMMA_PACKED_RE = re.compile(r"^\s*(-?\d{1,3},\d+),(-?\d{1,3},\d+)\s*$")
_GEO_URI_RE = re.compile(rf"^\s*geo:\s*({_NUMBER})\s*,\s*({_NUMBER})(?:[,;?].*)?$", re.IGNORECASE)
# In Google Maps links "!3d<lat>!4d<lon>" is the place itself, "@<lat>,<lon>" only the map's centre,
# so the former wins when both are present; q=/query=/ll=/destination= carry a point as typed.
_URL_PATTERNS = (
    re.compile(rf"!3d({_NUMBER})!4d({_NUMBER})"),
    re.compile(rf"[?&](?:q|query|ll|center|destination|daddr)=(?:loc:)?\s*({_NUMBER})\s*,\s*({_NUMBER})"),
    re.compile(rf"@({_NUMBER}),({_NUMBER})"),
    re.compile(rf"[?&]mlat=({_NUMBER})&mlon=({_NUMBER})"),  # openstreetmap.org marker
    re.compile(rf"#map=\d+/({_NUMBER})/({_NUMBER})"),  # openstreetmap.org view
)
# One coordinate in degrees[-minutes[-seconds]] with a degree sign and/or a hemisphere letter
# (Latin N/S/E/W or Bulgarian С/Ю/И/З), before or after: 42°41'51.0"N, N 42°41.85', 42.6975N.
_HEMISPHERE = "NSEWnsewСЮИЗсюиз"
_DMS_PART = (
    r"(?P<pre{n}>[" + _HEMISPHERE + r"])?\s*"
    r"(?P<deg{n}>\d{{1,3}}(?:[.,]\d+)?)\s*(?P<sign{n}>[°º˚])?\s*"
    r"(?:(?P<min{n}>\d{{1,2}}(?:[.,]\d+)?)\s*['′’]\s*)?"
    r"(?:(?P<sec{n}>\d{{1,2}}(?:[.,]\d+)?)\s*(?:\"|″|”|''|′′)\s*)?"
    # A letter after the number only if there was none before it, so "N42.6 E23.3" is read as two parts.
    r"(?(pre{n})|(?P<post{n}>[" + _HEMISPHERE + r"])?)"
)
_DMS_PAIR_RE = re.compile(r"^\s*" + _DMS_PART.format(n=1) + r"\s*[,;]?\s*" + _DMS_PART.format(n=2) + r"\s*$")
_LAT_LETTERS = "NSСЮ"
_NEGATIVE_LETTERS = "SWЮЗ"


def _plausible(lat: float, lon: float) -> bool:
    return math.isfinite(lat) and math.isfinite(lon) and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0


def _ordered(first: float, second: float) -> tuple[float, float] | None:
    """(lat, lon) from two numbers in the order typed, swapping a lon,lat pair."""
    # Sofia is at lat ≈ 42.7, lon ≈ 23.3: "23.32, 42.69" is a lon,lat pair from a GIS tool.
    # A first number beyond ±90 cannot be a latitude either.
    lon_lat = (22.0 <= first <= 24.5 and 41.5 <= second <= 43.5) or abs(first) > 90.0 >= abs(second)
    if lon_lat:
        first, second = second, first
    return (first, second) if _plausible(first, second) else None


def _dms_value(match: re.Match[str], n: int) -> tuple[float, str | None, bool] | None:
    """(degrees as a decimal, hemisphere letter or None, had a degree sign) of part ``n``."""
    pre, post = match.group(f"pre{n}"), match.group(f"post{n}")
    degrees = float(match.group(f"deg{n}").replace(",", "."))
    minutes = float((match.group(f"min{n}") or "0").replace(",", "."))
    seconds = float((match.group(f"sec{n}") or "0").replace(",", "."))
    if minutes >= 60.0 or seconds >= 60.0:
        return None
    letter = (pre or post or "").upper() or None
    return degrees + minutes / 60.0 + seconds / 3600.0, letter, match.group(f"sign{n}") is not None


def _parse_dms(text: str) -> tuple[float, float] | None:
    match = _DMS_PAIR_RE.match(text)
    if match is None:
        return None
    part1, part2 = _dms_value(match, 1), _dms_value(match, 2)
    if part1 is None or part2 is None:
        return None
    (first, letter1, sign1), (second, letter2, sign2) = part1, part2
    # Without a degree sign or a hemisphere letter this is just two numbers: the decimal parsers' job.
    if not (letter1 or sign1) or not (letter2 or sign2):
        return None
    if letter1 and letter1 in _NEGATIVE_LETTERS:
        first = -first
    if letter2 and letter2 in _NEGATIVE_LETTERS:
        second = -second
    if letter1 and letter2:
        if (letter1 in _LAT_LETTERS) == (letter2 in _LAT_LETTERS):
            return None  # two latitudes or two longitudes
        lat, lon = (first, second) if letter1 in _LAT_LETTERS else (second, first)
        return (lat, lon) if _plausible(lat, lon) else None
    return _ordered(first, second)


def parse_coordinates(text: str) -> tuple[float, float] | None:
    """(lat, lon) if ``text`` is a coordinate pair, a geo: URI or a map link with a point; else None.

    Accepts "42.6975, 23.3242", "42.6975 23.3242", "42,6975, 23,3242" (decimal commas), degrees-minutes-
    seconds (42°41'51.0"N 23°19'27.1"E), "geo:42.69,23.32", Google Maps links with "@42.69,23.32",
    "q=42.69,23.32" or "!3d42.69!4d23.32", and openstreetmap.org links. A pair given as lon,lat for Sofia
    is swapped. An address with numbers in it ("Витоша 42, 23") is not coordinates.
    """
    if not text or not text.strip():
        return None
    text = unicodedata.normalize("NFC", text).strip()

    if "://" in text or text.lower().startswith(("www.", "maps.", "google.")):
        url = unquote(text)
        for pattern in _URL_PATTERNS:
            match = pattern.search(url)
            if match:
                return _ordered(float(match.group(1)), float(match.group(2)))
        return None

    match = _GEO_URI_RE.match(text)
    if match:
        # geo: URIs are lat,lon by definition (RFC 5870); no swapping.
        lat, lon = float(match.group(1)), float(match.group(2))
        return (lat, lon) if _plausible(lat, lon) else None

    match = _DOT_PAIR_RE.match(text) or _COMMA_PAIR_RE.match(text) or _COMMA_PACKED_RE.match(text)
    if match:
        return _ordered(float(match.group(1).replace(",", ".")), float(match.group(2).replace(",", ".")))

    return _parse_dms(text)
