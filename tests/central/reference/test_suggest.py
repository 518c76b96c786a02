"""The category matcher over the shipped categories, with phrasings an operator hears on the phone."""

from __future__ import annotations

import csv
import time

import pytest

from central.reference.suggest import CategorySuggester, CategoryTerms, stem, words
from central.seed.reference import SEED_DATA_DIR


@pytest.fixture(scope="module")
def suggester() -> CategorySuggester:
    with (SEED_DATA_DIR / "categories.csv").open(encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if row["active"] == "true"]
    return CategorySuggester(
        CategoryTerms(
            int(r["id"]), r["name_bg"], r["name_en"], tuple(s for s in r["synonyms"].split("|") if s)
        )
        for r in rows
    )


ROADS, SIGNS, PARKING, GREEN, WATER, CLEAN = 3, 4, 5, 6, 2, 1
DOGS, WASTE, LIGHT, DUMPS, PLAYGROUNDS, TRANSPORT, BUILDINGS, SPORT = 22, 27, 28, 30, 32, 38, 9, 40

# (what the operator typed, the category that must come first)
PHRASES = [
    ("дупка", ROADS),
    ("дупки", ROADS),
    ("дупката", ROADS),
    ("Дупките по улицата са огромни", ROADS),
    ("Има голяма дупка на пътя пред блок 25", ROADS),
    ("пропаднал асфалт", ROADS),
    ("тротуара е разбит", ROADS),  # a common misspelling of "тротоара"
    ("dupka na patya", ROADS),  # Latin letters
    ("клонът", GREEN),
    ("паднал клон", GREEN),
    ("паднал клон върху колата", GREEN),
    ("клонка падна на тротоара", GREEN),
    ("изсъхнало дърво ще падне", GREEN),
    ("дърветата в парка", GREEN),
    ("opasno darvo", GREEN),
    ("dyrvo padna", GREEN),  # informal Latin: "y" for "ъ"
    ("кола на тротоара", PARKING),
    ("паркирал на тротоара", PARKING),
    ("колата е паркирана на тротоара", PARKING),
    ("паркирана кола блокира входа", PARKING),
    ("parkirana kola na trotoara", PARKING),
    ("паяка вдигна колата ми", PARKING),
    ("не работи светофарът на кръстовището", SIGNS),
    ("светофр не работи", SIGNS),  # a typo
    ("изтрита пешеходна пътека", SIGNS),
    ("не свети лампата на ул. Шипка", LIGHT),
    ("изгоряла улична лампа", LIGHT),
    ("тече вода от шахтата", WATER),
    ("липсва капак на шахта", WATER),
    ("спукана тръба, тече вода по улицата", WATER),
    ("препълнен контейнер за боклук", WASTE),
    ("кофите не са извозени от седмица", WASTE),
    ("изхвърлени стари мебели до контейнерите", DUMPS),
    ("нерегламентирано сметище в края на квартала", DUMPS),
    ("бездомни кучета гонят деца", DOGS),
    ("агресивно куче ухапа дете", DOGS),
    ("глутница кучета", DOGS),
    ("счупена люлка на детската площадка", PLAYGROUNDS),
    ("автобус 94 закъснява", TRANSPORT),
    ("незаконен строеж в двора", BUILDINGS),
    ("боклуци навсякъде, никой не мете", CLEAN),
    ("stray dogs", DOGS),
    ("паркир", PARKING),  # still typing
]


@pytest.mark.parametrize(("text", "expected"), PHRASES)
def test_the_right_category_comes_first(suggester: CategorySuggester, text: str, expected: int) -> None:
    found = suggester.suggest(text)
    assert found, f"nothing for {text!r}"
    assert found[0].code == expected, [(s.name_bg, s.score, s.matched) for s in found]
    assert 55 <= found[0].score <= 100


def test_inflected_forms_meet_in_one_stem() -> None:
    assert {stem(w) for w in ("дупка", "дупки", "дупката", "дупките")} == {"дупк"}
    assert {stem(w) for w in ("клон", "клонът", "клона", "клони", "клоните", "клонове", "клоновете")} == {
        "клон"
    }
    assert {stem(w) for w in ("тротоар", "тротоара", "тротоарът", "тротоари")} == {"тротоар"}
    assert {stem(w) for w in ("куче", "кучета", "кучето")} == {"куч"}
    assert stem("боклуци") == stem("боклук")


def test_matched_says_which_name_or_synonym_it_was(suggester: CategorySuggester) -> None:
    assert suggester.suggest("кола на тротоара")[0].matched == "кола на тротоара"
    assert suggester.suggest("дупките")[0].matched == "дупка"
    # On a tie the more specific (longer) synonym is the one shown.
    assert suggester.suggest("тече вода от шахтата")[0].matched == "тече вода"


def test_a_parked_car_on_the_pavement_also_offers_the_pavement_itself(suggester: CategorySuggester) -> None:
    found = suggester.suggest("кола на тротоара")
    assert [s.code for s in found[:2]] == [PARKING, ROADS]
    assert found[0].score > found[1].score


def test_unrelated_words_and_empty_text_give_nothing(suggester: CategorySuggester) -> None:
    assert suggester.suggest("") == []
    assert suggester.suggest("   ") == []
    assert suggester.suggest("на ул. Шипка 15, вх. Б") == []
    assert suggester.suggest("добър ден, обаждам се") == []
    assert suggester.suggest("пред друга кола") == [] or suggester.suggest("пред друга кола")[0].code != 11


def test_limit_and_order(suggester: CategorySuggester) -> None:
    found = suggester.suggest("боклук, кофи, контейнер, мръсотия, сметище", limit=3)
    assert len(found) == 3
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert suggester.suggest("дупка", limit=0) == []


def test_inactive_categories_are_not_suggested(suggester: CategorySuggester) -> None:
    assert all(s.code != 39 for s in suggester.suggest("covid коронавирус"))


def test_stop_words_and_numbers_are_not_words() -> None:
    assert [w.typed for w in words("Дупка на ул. Шипка 15 до блок 3")] == ["дупка", "шипка"]
    assert [w.stem for w in words("dupka")] == ["дупк"]


def test_it_is_fast_enough_to_run_on_every_keystroke(suggester: CategorySuggester) -> None:
    texts = [text for text, _ in PHRASES] * 10
    started = time.perf_counter()
    for text in texts:
        suggester.suggest(text)
    per_call = (time.perf_counter() - started) / len(texts)
    assert per_call < 0.005, f"{per_call * 1000:.2f} ms per suggestion"
    long_text = "Дупка на платното пред блока, колите минават и " * 200  # a pasted letter
    started = time.perf_counter()
    assert suggester.suggest(long_text)[0].code == ROADS
    assert time.perf_counter() - started < 0.05
