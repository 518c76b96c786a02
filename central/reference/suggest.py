"""Category suggestions from what the operator types while the citizen talks.

"паднал клон пред блока", "колата е паркирана на тротоара", "дупките на улицата": the operator should not
have to know that these are "Екология. Зелена система", "Паркиране" and "Пътна инфраструктура". Each
category has names and Bulgarian synonyms in the reference data (``seed/data/categories.csv``); this
module matches the words of a description against them.

How:

1. :func:`words` splits text into comparable word stems: lowercase Cyrillic (a word typed in Latin letters
   is transliterated), stop words dropped, and a light Bulgarian stemmer takes off articles, plural and
   case endings ("дупката", "дупки" → "дупк"; "клонът", "клони" → "клон"; "тротоара" → "тротоар").
2. Every stem of the text is compared with every stem of the vocabulary: equal (100), one a longer form
   of the other ("дърв"/"дървет"), a typo (rapidfuzz ratio), or, for the last word, the start of a word
   still being typed ("паркир").
3. A term (a name or a synonym, maybe several words) scores the mean of its words' best matches; a
   category scores its best term, lowered a little when other words of the text mean nothing to it, so
   that "кола на тротоара" is Паркиране first and Пътна инфраструктура ("тротоар") second.

Everything that depends on the categories alone is computed once (:class:`CategorySuggester`); a search
only looks up the few stems of the text, well under a millisecond.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from central.geocode.matcher import latin_to_cyrillic, repair_mixed_script
from central.reference.models import Category

# Words that say nothing about the kind of problem (and "друг": "пред друга кола" is not category Други).
# fmt: off
_STOP_WORDS = frozenset({
    "а", "и", "или", "но", "че", "да", "се", "си", "ще", "е", "са", "съм", "сме", "сте", "бе", "беше",
    "има", "ли", "ни", "ми", "му", "го", "я", "ги", "им", "й",
    "на", "в", "във", "от", "до", "за", "по", "с", "със", "при", "към", "пред", "зад", "над", "под",
    "между", "около", "през", "край", "след", "без",
    "този", "тази", "това", "тези", "онзи", "онази", "някой", "някоя", "някакъв", "някаква", "някакво",
    "който", "която", "което", "които",
    "много", "малко", "вече", "още", "пак", "само", "тук", "там", "където", "кога", "защо", "как",
    "какво", "един", "една", "едно", "едни",
    "ул", "бул", "жк", "кв", "бл", "блок", "вх", "ет", "ап", "номер", "№", "друг",
    "the", "a", "an", "of", "and", "or", "on", "in", "at", "to", "for", "with", "from", "by", "is",
    "are", "there", "near",
})
# fmt: on
# English names ("Parking", "Problems with (stray) dogs") match Latin input before transliteration.
_ENGLISH_STOP_WORDS = frozenset({"incl", "etc", "it"})

# Longest first. Articles (-ът, -та, -то, -те), plural endings (-ове, -ета, -ища) and their combinations,
# past participles ("паднал", "паднало" and "падна" meet in "падн"), and final vowels; what is left must
# keep at least _MIN_STEM letters.
# fmt: off
_SUFFIXES = tuple(sorted((
    "етата", "ищата", "ището", "овете", "евете", "ията", "ието",
    "ият", "ата", "ята", "ото", "ето", "ите", "ове", "еве", "ища", "ета",
    "ала", "ало", "али", "яла", "яло", "яли",
    "ът", "ят", "та", "то", "те", "ия", "ие", "ии", "ал", "ял",
    "а", "я", "о", "е", "и", "ъ", "у", "ю",
), key=len, reverse=True))
# fmt: on
_MIN_STEM = 3
_WORD_RE = re.compile(r"[^\W\d_]+")  # letters only: numbers are house numbers and blocks, not problems
_LATIN_RE = re.compile(r"[a-z]")
# Informal Latin writes ъ as "y" ("dyrvo", "pyt"), which transliterates to й; after a consonant a й is
# almost never meant.
_LATIN_Y_RE = re.compile(r"(?<=[бвгджзклмнпрстфхцчшщ])й")
# What transliteration cannot tell apart ("pyt" for "път", "detska" → "децка") and common misspellings.
_FOLD = str.maketrans({"ъ": "а", "й": "и", "ь": "и", "ѝ": "и"})

_EXACT = 100.0
# One letter more than a known stem is the same word ("клонка" → "клонк" for "клон"); two are often not
# ("паркирал" → "паркир" is not "парк").
_LONGER_FORM = 94.0
_TYPING = 80.0  # plus up to 20 by how much of the word was typed
# rapidfuzz ratio for a typo: one wrong letter in 5 is 80, in 7 is 86. Stems of 4 letters or fewer
# must be exact ("парк" and "паяк", "клон" and "слон" are one letter apart).
_TYPO_CUTOFF = 80.0
_MIN_TYPO_LENGTH = 5
_MIN_TYPING = 3  # letters of the last word before it is read as the start of a word
_MIN_LONGER_FORM = 4  # a stem must have this many letters to match as the start of a longer word
_MAX_WORDS = 120  # a pasted letter is matched on its first words; nobody reads further
_COVERAGE_WEIGHT = 0.25  # how much words of the text that mean nothing to a category lower its score
DEFAULT_MIN_SCORE = 55.0  # a two-word synonym half matched scores 50 at best: noise


def stem(word: str) -> str:
    """The word without its Bulgarian article, plural or case ending ("дупките" → "дупк")."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
            word = word[: -len(suffix)]
            break
    # A plural turns a final к into ц ("боклук" → "боклуци"): fold it back, in every stem alike.
    return word[:-1] + "к" if word.endswith("ц") else word


@dataclass(frozen=True)
class Word:
    typed: str  # lowercase, Cyrillic, as in the text ("дупките")
    stem: str  # folded stem ("дупк")
    latin: str | None  # the word as typed when it was Latin ("dupkite"), for the English names


def words(text: str) -> list[Word]:
    """The meaningful words of ``text`` in order (stop words and numbers dropped)."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")  # stress marks
    found = []
    for raw in _WORD_RE.findall(repair_mixed_script(text).lower()):
        latin = raw if _LATIN_RE.search(raw) else None
        typed = _LATIN_Y_RE.sub("ъ", latin_to_cyrillic(raw)) if latin else raw
        stemmed = stem(typed)
        if typed in _STOP_WORDS or stemmed in _STOP_WORDS or (latin and latin in _STOP_WORDS):
            continue  # "друга", "другия" as well as "друг"
        found.append(Word(typed, stemmed.translate(_FOLD), latin))
    return found


@dataclass(frozen=True)
class CategoryTerms:
    """What the suggester needs of a category (read from the reference tables)."""

    id: int
    name_bg: str
    name_en: str
    synonyms: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    code: int  # the category id
    name_bg: str
    name_en: str
    score: float  # 0..100
    matched: str  # the name or synonym that matched, as written in the reference data


@dataclass(frozen=True)
class _Term:
    category: int  # index into _categories
    text: str  # as written ("кола на тротоара")
    stems: tuple[str, ...]


class CategorySuggester:
    """Build once per version of the reference data (it pre-computes every stem), then suggest often."""

    def __init__(self, categories: Iterable[CategoryTerms]) -> None:
        self._categories = list(categories)
        self._terms: list[_Term] = []
        # stem -> indexes of the terms that contain it; and the categories each stem speaks for
        self._terms_of: dict[str, list[int]] = {}
        self._categories_of: dict[str, set[int]] = {}
        for index, category in enumerate(self._categories):
            for text in (category.name_bg, *category.synonyms):
                self._add_term(index, text, tuple(w.stem for w in words(text)))
            english = tuple(
                _english_stem(w)
                for w in _WORD_RE.findall(category.name_en.lower())
                if w not in _STOP_WORDS and w not in _ENGLISH_STOP_WORDS and len(w) >= _MIN_STEM
            )
            for word in english:  # each English word on its own: "Parking", "dogs", "trees"
                self._add_term(index, category.name_en, (word,))
        self._vocabulary = list(self._terms_of)
        self._vocabulary_set = frozenset(self._vocabulary)
        self._memo: dict[str, dict[str, float]] = {}

    def _add_term(self, category: int, text: str, stems: tuple[str, ...]) -> None:
        if not stems:
            return
        term_index = len(self._terms)
        self._terms.append(_Term(category, text, stems))
        for value in set(stems):
            self._terms_of.setdefault(value, []).append(term_index)
            self._categories_of.setdefault(value, set()).add(category)

    def __len__(self) -> int:
        return len(self._categories)

    def suggest(self, text: str, limit: int = 5, min_score: float = DEFAULT_MIN_SCORE) -> list[Suggestion]:
        """The categories ``text`` most likely means, best first (at most ``limit``)."""
        found = words(text)[:_MAX_WORDS]
        if not found or limit <= 0:
            return []
        # vocabulary stem -> best similarity to any word of the text; and which words meant something
        best: dict[str, float] = {}
        meaning: list[set[int]] = []  # per word of the text: the categories it spoke for
        for position, word in enumerate(found):
            matches = dict(self._matches(word.stem))
            if word.latin:
                for value, similarity in self._matches(_english_stem(word.latin)).items():
                    matches[value] = max(similarity, matches.get(value, 0.0))
            if position == len(found) - 1:
                matches.update(self._typing(word.typed, matches))
            spoken_for: set[int] = set()
            for value, similarity in matches.items():
                if similarity > best.get(value, 0.0):
                    best[value] = similarity
                spoken_for |= self._categories_of[value]
            meaning.append(spoken_for)

        # category -> (score of its best term, its number of words, its text); on a tie the longer term
        # wins: "тече вода" says more than "вода"
        best_term: dict[int, tuple[float, int, str]] = {}
        for term_index in sorted({t for value in best for t in self._terms_of[value]}):
            term = self._terms[term_index]
            quality = sum(best.get(value, 0.0) for value in term.stems) / len(term.stems)
            candidate = (quality, len(term.stems), term.text)
            if candidate[:2] > best_term.get(term.category, (0.0, 0, ""))[:2]:
                best_term[term.category] = candidate

        ranked = []
        for category, (quality, _size, matched) in best_term.items():
            coverage = sum(category in spoken_for for spoken_for in meaning) / len(meaning)
            score = quality * (1.0 - _COVERAGE_WEIGHT + _COVERAGE_WEIGHT * coverage)
            if score >= min_score:
                ranked.append((score, quality, category, matched))
        ranked.sort(key=lambda item: (-item[0], -item[1], self._categories[item[2]].id))
        return [
            Suggestion(
                code=self._categories[category].id,
                name_bg=self._categories[category].name_bg,
                name_en=self._categories[category].name_en,
                score=round(min(100.0, score), 1),
                matched=matched,
            )
            for score, _quality, category, matched in ranked[:limit]
        ]

    def _matches(self, value: str) -> dict[str, float]:
        """Vocabulary stems similar to one stem of the text, with their similarity (memoised)."""
        cached = self._memo.get(value)
        if cached is not None:
            return cached
        found: dict[str, float] = {}
        if value in self._vocabulary_set:
            found[value] = _EXACT
        shorter = value[:-1]
        if len(shorter) >= _MIN_LONGER_FORM and shorter in self._vocabulary_set:
            found[shorter] = max(found.get(shorter, 0.0), _LONGER_FORM)
        if len(value) >= _MIN_TYPO_LENGTH:
            for known, ratio, _index in process.extract(
                value, self._vocabulary, scorer=fuzz.ratio, score_cutoff=_TYPO_CUTOFF, limit=None
            ):
                # A typo changes the length by a letter or two; "паднал" is not a typo of "пропаднал".
                if len(known) >= _MIN_TYPO_LENGTH and abs(len(known) - len(value)) <= 2:
                    found[known] = max(found.get(known, 0.0), float(ratio))
        if len(self._memo) > 50_000:  # bounded: each server process sees a long shift of typing
            self._memo.clear()
        self._memo[value] = found
        return found

    def _typing(self, typed: str, already: dict[str, float]) -> dict[str, float]:
        """The last word may be unfinished: "паркир" is the start of "паркирал"."""
        folded = typed.translate(_FOLD)
        if len(folded) < _MIN_TYPING:
            return {}
        return {
            known: max(already.get(known, 0.0), _TYPING + 20.0 * len(folded) / len(known))
            for known in self._vocabulary
            if len(known) > len(folded) and known.startswith(folded)
        }


def _english_stem(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def suggester_for(categories: Iterable[Category]) -> CategorySuggester:
    """A suggester over the active categories of the reference tables."""
    return CategorySuggester(
        CategoryTerms(row.id, row.name_bg, row.name_en, tuple(row.synonyms or ()))
        for row in categories
        if row.active
    )
