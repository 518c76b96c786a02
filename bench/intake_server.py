"""Benchmark: the two searches of phone intake, as the operator types: category suggestions and geocoding.

    .venv/bin/python bench/intake_server.py [--requests 2000] [--backend postgresql|sqlite]

1. creates a throw-away database (PostgreSQL, or a SQLite file like the embedded default), migrates it,
   seeds the reference data and the demo data (``central seed --demo``: demo districts, gazetteer, users,
   300 cases), adds the shared neighbourhood and settlement gazetteers when ``../shared/data`` has them,
   and a bench operator with a token (``--shared-data``, default ``$CALLSOFIA_SHARED_DATA`` or
   ``../shared/data``);
2. starts ``central serve`` and sends, one request at a time on one keep-alive connection, ``--requests``
   requests (after ``--warmup``) to each endpoint, cycling through realistic inputs:
   ``GET /api/v1/categories/suggest?text=`` over descriptions an operator types (whole sentences, and the
   same sentences as they grow word by word), and ``GET /api/v1/geocode?q=`` over addresses as they are
   dictated (``бул.``/``ул.``/``жк`` prefixes, house numbers, Latin letters, typos, pasted coordinates);
3. prints p50/p95/p99/max per endpoint and whether p99 ≤ 50 ms; drops the database (also on Ctrl-C).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import (
    DEFAULT_PG_URL,
    REPO_ROOT,
    HttpConnection,
    bench_database,
    percentile,
    prepare_database,
    run_cleanly,
    running_server,
    utc_now,
)

TARGET_P99_MS = 50.0
SHARED_GAZETTEERS = (
    "sofia_kvartali_gazetteer.derived.csv",
    "sofia_settlements_by_district.nsi_ekatte2014.csv",
)

DESCRIPTIONS = (
    "Дупка на платното пред блок 25",
    "Има голяма дупка на пътя, колите я заобикалят",
    "дупките по улицата са пълни с вода",
    "пропаднал асфалт до спирката",
    "разбит тротоар, паднали плочки",
    "Паднал клон на тротоара след бурята",
    "клонът на дървото виси над детската площадка",
    "изсъхнало дърво до входа, опасно е",
    "кола паркирана на тротоара, не може да мине количка",
    "паркирал е на тротоара пред входа",
    "колата е на зелената площ",
    "паяка вдигна колата ми",
    "не работи светофарът на кръстовището",
    "светофара мига жълто от сутринта",
    "изтрита пешеходна пътека пред училището",
    "не свети уличното осветление на цялата улица",
    "изгоряла лампа на стълба до блока",
    "тече вода от шахтата",
    "липсва капак на шахта на тротоара",
    "спукана тръба, наводнение в подлеза",
    "няма вода от вчера",
    "препълнен контейнер за боклук",
    "кофите не са извозени от седмица",
    "изхвърлени стари мебели до контейнерите",
    "нерегламентирано сметище в края на квартала",
    "строителни отпадъци на тротоара",
    "бездомни кучета гонят децата",
    "агресивно куче ухапа съседа",
    "глутница кучета в парка",
    "счупена люлка на детската площадка",
    "автобус 94 закъснява с половин час",
    "шофьорът на трамвая не спря на спирката",
    "незаконен строеж в двора на блока",
    "опасна сграда, падат мазилки",
    "сергия заема целия тротоар",
    "боклуци навсякъде, никой не мете",
    "мръсна улица след пазара",
    "не работи сайтът за електронни услуги",
    "баскетболното игрище е с разбита настилка",
    "dupka na patya pred bloka",
    "parkirana kola na trotoara",
    "padnal klon",
    "stray dogs near the school",
    "светофр не работи",  # typo
    "тротуара е разбит",  # a common misspelling
    "добър ден, обаждам се за нещо",  # nothing to suggest
)

ADDRESSES = (
    "бул. Витоша 15",
    "бул Витоша",
    "bul. Vitosha 15",
    "Vitosha Blvd 89",
    "ул. Граф Игнатиев 12",
    "ул. Пиротска",
    "Pirotska",
    "бул. Цариградско шосе 115",
    "Цариградско",
    "tsarigradsko shose",
    "Черни връх 51",
    "cherni vrah",
    "жк Младост 1",
    "ж.к. Младост 1 бл. 25",
    "mladost 1",
    "Младост1",
    "жк Люлин 5",
    "lyulin",
    "Дружба 2",
    "кв. Лозенец",
    "Лозенц",  # typo
    "Студентски град",
    "studentski grad",
    "с. Бистрица",
    "Бистрица",
    "гр. Банкя",
    "Банкя",
    "НДК",
    "NDK",
    "пл. Света Неделя",
    "Сердика",
    "Витща 20",  # typo
    "Цариградско шоее",  # typo
    "Овча купел",
    "ovcha kupel",
    "Надежда 4",
    "Хаджи Димитър",
    "Красна поляна",
    "Борово",
    "Гео Милев",
    "42.6975, 23.3242",  # coordinates read from a phone
    "42,6975 23,3242",
    "https://maps.google.com/?q=42.6975,23.3242",
    "София, бул. България 88",
)


@dataclass
class Result:
    name: str
    latencies_ms: list[float] = field(default_factory=list)
    answers: list[int] = field(default_factory=list)  # how many suggestions / places came back


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("postgresql", "sqlite"), default="postgresql")
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help="an admin URL; a new database is made")
    parser.add_argument("--requests", type=int, default=2000, help="measured requests per endpoint")
    parser.add_argument("--warmup", type=int, default=100, help="unmeasured requests per endpoint first")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--shared-data",
        default=os.environ.get("CALLSOFIA_SHARED_DATA", str(REPO_ROOT.parent / "shared" / "data")),
        help="where the shared neighbourhood and settlement gazetteers are (skipped when missing)",
    )
    args = parser.parse_args()
    return run_cleanly(run, args)


def run(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    with (
        tempfile.TemporaryDirectory() as tmp,
        bench_database(args.backend, args.pg_url, Path(tmp), "cs_bench_intake") as url,
    ):
        started = time.perf_counter()
        token, places = prepare(url, Path(args.shared_data))
        took = time.perf_counter() - started
        print(f"{args.backend}: demo data and {places} gazetteer entries in {took:.0f} s")
        with running_server(url, workers=1, log_path=Path(tmp) / "server.log") as server:
            results = asyncio.run(measure(server.host, server.port, token, args, rng))
        report(results, args)


def prepare(url: str, shared: Path) -> tuple[str, int]:
    """The bench operator's token and the size of the gazetteer, after seeding the demo data."""
    from central.db import make_engine, make_sessionmaker, session_scope
    from central.geocode.service import import_gazetteer
    from central.seed.demo import seed_demo

    now = utc_now()
    bench = prepare_database(url, now=now)
    engine = make_engine(url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            seed_demo(session, cases=300, now=now)
            for name in SHARED_GAZETTEERS:
                if (shared / name).exists():
                    import_gazetteer(session, shared / name)
        with engine.connect() as conn:
            places = conn.execute(sa.text("SELECT count(*) FROM gazetteer")).scalar_one()
    finally:
        engine.dispose()
    return bench["token"], int(places)


def _typed(descriptions: tuple[str, ...]) -> list[str]:
    """Every description whole, and as it grows word by word (the console asks again while typing)."""
    texts = list(descriptions)
    for text in descriptions:
        words = text.split()
        texts.extend(" ".join(words[:n]) for n in range(1, len(words)))
    return texts


async def measure(
    host: str, port: int, token: str, args: argparse.Namespace, rng: random.Random
) -> list[Result]:
    conn = HttpConnection(host, port, token)
    endpoints = (
        ("GET /categories/suggest", "/api/v1/categories/suggest?limit=5&text=", _typed(DESCRIPTIONS)),
        ("GET /geocode", "/api/v1/geocode?limit=10&q=", list(ADDRESSES)),
    )
    results = []
    try:
        for name, prefix, inputs in endpoints:
            result = Result(name)
            for i in range(args.warmup + args.requests):
                target = prefix + urllib.parse.quote(rng.choice(inputs))
                started = time.perf_counter()
                reply = await conn.request("GET", target)
                elapsed = (time.perf_counter() - started) * 1000
                if reply.status != 200:
                    raise RuntimeError(f"{target}: {reply.status} {reply.body[:300]!r}")
                if i >= args.warmup:
                    result.latencies_ms.append(elapsed)
                    result.answers.append(len(reply.json()))
            results.append(result)
            print(
                f"  measured {name} ({len(result.latencies_ms)} requests, {len(inputs)} inputs)",
                file=sys.stderr,
            )
    finally:
        await conn.close()
    return results


def report(results: list[Result], args: argparse.Namespace) -> None:
    print()
    print(f"{args.requests} requests per endpoint, one at a time on a keep-alive connection ({args.backend})")
    header = (
        f"{'endpoint':<26} {'n':>5} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} {'answers':>7}"
    )
    header += f"  p99 ≤ {TARGET_P99_MS:.0f} ms"
    print(header)
    print("-" * len(header))
    for r in results:
        ms = r.latencies_ms
        p99 = percentile(ms, 0.99)
        figures = (percentile(ms, 0.5), percentile(ms, 0.95), p99, max(ms), sum(r.answers) / len(r.answers))
        print(
            f"{r.name:<26} {len(ms):5d} "
            + " ".join(f"{x:7.1f}" for x in figures)
            + f"  {'yes' if p99 <= TARGET_P99_MS else 'NO'}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
