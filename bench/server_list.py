"""Benchmark: the console's case list (GET /api/v1/cases) over a million cases.

    .venv/bin/python bench/server_list.py [--cases 1000000] [--requests 200] [--workers 2]

1. creates a throw-away PostgreSQL database, migrates and seeds it (demo districts), adds a bench
   operator and a few hundred unit staff;
2. fills ``cases`` (and ``case_reporters``) in SQL with generate_series: three years of cases, id order is
   time order, ~25 % open (most recent cases open, a stale backlog of old ones), owner units as the real
   routing sends them, due dates from the SLA policies, Bulgarian descriptions and Sofia addresses;
   then VACUUM ANALYZE;
3. starts ``central serve`` and measures, one request at a time on a keep-alive connection, p50/p95/p99
   of typical console queries (``--requests`` each, after a warm-up), varying the parameters per request;
4. prints a table and whether each query meets p99 ≤ 50 ms; drops the database (also on Ctrl-C) unless
   ``--keep`` is given (then ``--database NAME`` reuses it without filling again).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _support import (
    DEFAULT_PG_URL,
    HttpConnection,
    percentile,
    prepare_database,
    psycopg_connect,
    run_cleanly,
    running_server,
    temporary_database,
    utc_now,
)

TARGET_P99_MS = 50.0
OPEN_STATUSES = ("new", "triaged", "assigned", "in_progress", "reopened")
# (status, weight): open ones, then final ones
OPEN_MIX = (("new", 25), ("triaged", 15), ("assigned", 30), ("in_progress", 25), ("reopened", 5))
FINAL_MIX = (("resolved", 15), ("closed", 65), ("rejected", 12), ("duplicate", 8))
CHANNEL_MIX = (("phone", 45), ("app", 25), ("portal", 15), ("email", 8), ("facebook", 7))
# How often each category is reported (Call Sofia's busiest: parking, cleanliness, roads, waste, dogs...).
CATEGORY_WEIGHTS = {
    1: 12,
    2: 6,
    3: 12,
    4: 4,
    5: 16,
    6: 8,
    7: 2,
    8: 3,
    9: 4,
    11: 6,
    22: 4,
    27: 9,
    28: 6,
    30: 5,
    32: 2,
    33: 1,
    38: 4,
    40: 1,
}
# Free text is nearly unique in real reports: a detail with a number makes most descriptions distinct,
# which matters for the planner's text-search estimates.
DETAILS = ("до блок ", "пред вход ", "срещу номер ", "до спирка ", "до контейнер ", "до стълб ")
ESTATES = (
    "Младост 1",
    "Младост 2",
    "Младост 3",
    "Младост 4",
    "Люлин 3",
    "Люлин 5",
    "Люлин 7",
    "Люлин 10",
    "Дружба 1",
    "Дружба 2",
    "Надежда 1",
    "Надежда 4",
    "Красна поляна",
    "Овча купел",
    "Гео Милев",
    "Изток",
    "Лозенец",
    "Хаджи Димитър",
    "Света Троица",
    "Зона Б-5",
    "Хиподрума",
    "Борово",
    "Белите брези",
    "Стрелбище",
    "Яворов",
    "Редута",
    "Подуяне",
    "Сухата река",
    "Обеля",
    "Разсадника",
    "Илинден",
    "Банишора",
    "Студентски град",
    "Манастирски ливади",
    "Толстой",
    "Сердика",
)
SUFFIXES = (
    "",
    "",
    "",
    "Моля за спешна намеса.",
    "Сигнализирам за пореден път.",
    "От вчера е така.",
    "Опасно е за децата.",
    "Моля, изпратете екип.",
    "Никой не реагира.",
    "Снимки мога да изпратя.",
    "Проблемът е от месеци.",
    "Благодаря предварително.",
    "Вечер е особено зле.",
    "Пречи на движението.",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pg-url", default=DEFAULT_PG_URL, help="an admin URL; a new database is made")
    parser.add_argument("--cases", type=int, default=1_000_000, help="cases to generate")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per query")
    parser.add_argument("--warmup", type=int, default=20, help="unmeasured requests per query first")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn worker processes")
    parser.add_argument(
        "--budget", type=float, default=60.0, help="seconds per query before giving up (≥ 10 requests)"
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--only", help="measure only the queries whose name contains this")
    parser.add_argument("--keep", action="store_true", help="keep the database (prints its name)")
    parser.add_argument("--database", help="reuse a database kept by --keep (no new fill)")
    args = parser.parse_args()
    return run_cleanly(run, args)


@contextmanager
def _database(args: argparse.Namespace) -> Iterator[tuple[str, bool]]:
    """(url, fresh): a new database, or the one named by --database."""
    if args.database:
        yield (
            sa.make_url(args.pg_url).set(database=args.database).render_as_string(hide_password=False),
            False,
        )
        return
    if args.keep:  # made here and never dropped
        name = f"cs_bench_list_kept_{args.cases}_{random.randrange(16**6):06x}"
        with psycopg_connect(args.pg_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        print(f"keeping database {name}; reuse it with --database {name}, drop it with dropdb")
        yield sa.make_url(args.pg_url).set(database=name).render_as_string(hide_password=False), True
        return
    with temporary_database(args.pg_url, "cs_bench_list") as url:
        yield url, True


def run(args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    now = utc_now()
    with _database(args) as (url, fresh), tempfile.TemporaryDirectory() as tmp:
        if fresh:
            started = time.perf_counter()
            bench = prepare_database(url, now=now)
            fill(url, args.cases, bench["user_id"], now, rng)
            print(f"database filled in {time.perf_counter() - started:.0f} s")
        else:
            bench = bench_login(url, now)
        facts = read_facts(url, rng)
        print(
            f"{facts.cases:,} cases, {facts.open:,} open ({facts.open / max(facts.cases, 1):.0%}), "
            f"{facts.overdue:,} overdue, {facts.mine:,} assigned to the bench user"
        )
        with running_server(url, workers=args.workers, log_path=Path(tmp) / "server.log") as server:
            results = asyncio.run(measure_all(server.host, server.port, bench["token"], facts, args, rng))
        report(results, args)


# --- filling -----------------------------------------------------------------------------------------


def bench_login(url: str, now: datetime) -> dict[str, Any]:
    from central.auth.models import User
    from central.auth.service import issue_token
    from central.db import make_engine, make_sessionmaker, session_scope

    engine = make_engine(url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            user = session.scalar(sa.select(User).where(User.username == "bench"))
            assert user is not None, "not a database made by this benchmark"
            return {
                "user_id": user.id,
                "token": issue_token(session, user, now=now, ttl=timedelta(days=1)).token,
            }
    finally:
        engine.dispose()


def _weighted_slots(pairs: Any, slots: int = 200) -> list[Any]:
    """A list in which each value appears in proportion to its weight: pick one with a random index."""
    pairs = list(pairs)
    total = sum(w for _, w in pairs)
    out: list[Any] = []
    for value, weight in pairs:
        out.extend([value] * max(1, round(weight * slots / total)))
    return out


def reference_tables(conn: Any, url: str) -> None:
    """Small helper tables the fill joins: routing per (category, district), texts, users."""
    from central.db import make_engine, make_sessionmaker
    from central.geo.demo_districts import load_demo_district_points
    from central.reference.models import Category, Unit
    from central.reference.service import sla_times
    from central.routing.service import route
    from central.seed.demo import DESCRIPTIONS

    points = load_demo_district_points()
    engine = make_engine(url)
    rows = []
    with make_sessionmaker(engine)() as session:
        for category in session.scalars(sa.select(Category).where(Category.active)):
            if category.id not in CATEGORY_WEIGHTS:
                continue
            times = sla_times(session, category.id, category.default_priority)
            for point in points:
                decision = route(session, category, point.nsi_code)
                unit = session.get(Unit, decision.unit_code)
                assert unit is not None
                rows.append(
                    (
                        category.id,
                        point.nsi_code,
                        decision.unit_code,
                        decision.rule_id,
                        decision.reason,
                        unit.calendar,
                        category.default_priority,
                        times.first_response_minutes,
                        times.resolve_minutes,
                        list(DESCRIPTIONS.get(category.id, ("Сигнал без описание.",))),
                    )
                )
    engine.dispose()
    conn.execute(
        "CREATE TABLE bench_routes (category_id int, district_code text, unit_code text, rule_id int, "
        "reason text, calendar text, priority text, first_minutes int, resolve_minutes int, texts text[], "
        "PRIMARY KEY (category_id, district_code))"
    )
    with conn.cursor() as cur:
        cur.executemany("INSERT INTO bench_routes VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)", rows)


def fill(url: str, count: int, bench_user_id: int, now: datetime, rng: random.Random) -> None:
    from central.geo.demo_districts import load_demo_district_points
    from central.seed.demo import FIRST_NAMES, LAST_NAMES

    points = load_demo_district_points()
    streets = _gazetteer_names()
    started = time.perf_counter()
    with psycopg_connect(url, autocommit=True) as conn:
        reference_tables(conn, url)
        # Unit staff and responders to assign cases to (the bench user gets ~2 % of assignments).
        conn.execute(
            "INSERT INTO users "
            "(username, full_name, role, unit_code, password_hash, active, is_demo, created_at) "
            "SELECT 'staff' || u.code || '_' || k, 'Служител ' || k, "
            "CASE WHEN k %% 3 = 0 THEN 'responder' ELSE 'unit_staff' END, u.code, '!', true, false, %s "
            "FROM units u, generate_series(1, 6) k",
            (now,),
        )
        staff = [row[0] for row in conn.execute("SELECT id FROM users WHERE username LIKE 'staff%'")]
        params = {
            "n": count,
            "now": now,
            "step": 3 * 365 * 86400 / count,  # seconds between consecutive cases: three years in all
            "cats": _weighted_slots(CATEGORY_WEIGHTS.items()),
            "dists": _weighted_slots((p.nsi_code, 3 if p.district_no <= 10 else 2) for p in points),
            "open_mix": _weighted_slots(OPEN_MIX, 100),
            "final_mix": _weighted_slots(FINAL_MIX, 100),
            "channels": _weighted_slots(CHANNEL_MIX, 100),
            "suffixes": list(SUFFIXES),
            "details": list(DETAILS),
            "estates": list(ESTATES),
            "streets": streets,
            "staff": staff,
            "me": bench_user_id,
        }
        conn.execute("CREATE TABLE bench_points (district_code text PRIMARY KEY, lat float8, lon float8)")
        with conn.cursor() as cur:
            cur.executemany(
                "INSERT INTO bench_points VALUES (%s, %s, %s)", [(p.nsi_code, p.lat, p.lon) for p in points]
            )
        with conn.transaction():
            conn.execute(
                "SET LOCAL session_replication_role = replica"
            )  # no FK triggers: rows are built valid
            conn.execute("SET LOCAL maintenance_work_mem = '256MB'")
            conn.execute("SET LOCAL work_mem = '256MB'")
            conn.execute(FILL_CASES_SQL, params)
            conn.execute(FILL_REPORTERS_SQL, {"first": list(FIRST_NAMES), "last": list(LAST_NAMES)})
            conn.execute(
                "INSERT INTO tracking_counters (year, last_value) "
                "SELECT substr(tracking_number, 5, 4)::int, max(substr(tracking_number, 10)::int) FROM cases "
                "GROUP BY 1 ON CONFLICT (year) DO UPDATE SET last_value = excluded.last_value"
            )
            conn.execute("SELECT setval('cases_id_seq', (SELECT max(id) FROM cases))")
        print(f"inserted {count:,} cases in {time.perf_counter() - started:.0f} s")
        started = time.perf_counter()
        conn.execute("VACUUM ANALYZE")
        print(f"VACUUM ANALYZE in {time.perf_counter() - started:.0f} s")


def _gazetteer_names() -> list[str]:
    import csv

    from central.seed.reference import SEED_DATA_DIR

    with (SEED_DATA_DIR / "demo_gazetteer.csv").open(encoding="utf-8") as f:
        return [row["name_bg"] for row in csv.DictReader(f) if row["kind"] == "street"]


# One INSERT ... SELECT: ids in time order over three years; a case is open with a probability that falls
# with its age (recent ones mostly open, a stale backlog of old ones); the owner unit, routing reason and
# SLA come from the real routing of (category, district); due dates from the SLA policy (calendar hours
# are ignored here: the list does not care).
FILL_CASES_SQL = """
WITH g AS (
    SELECT i AS id,
           %(now)s::timestamptz - ((%(n)s - i) * %(step)s + random() * %(step)s) * interval '1 second'
               AS created_at,
           random() AS r_open, random() AS r_status, random() AS r_cat, random() AS r_dist,
           random() AS r_geo1, random() AS r_geo2, random() AS r_text, random() AS r_street,
           random() AS r_who, random() AS r_time, random() AS r_misc, random() AS r_addr,
           random() AS r_detail
    FROM generate_series(1, %(n)s) AS i
), c AS (
    SELECT g.*,
           (%(cats)s::int[])[1 + floor(r_cat * cardinality(%(cats)s::int[]))::int] AS category_id,
           (%(dists)s::text[])[1 + floor(r_dist * cardinality(%(dists)s::text[]))::int] AS district_code,
           extract(epoch FROM %(now)s::timestamptz - created_at) / 86400.0 AS age_days
    FROM g
), s AS (
    SELECT c.*,
           CASE WHEN r_open < (CASE WHEN age_days < 7 THEN 0.9 WHEN age_days < 30 THEN 0.6 ELSE 0.22 END)
                THEN (%(open_mix)s::text[])[1 + floor(r_status * cardinality(%(open_mix)s::text[]))::int]
                ELSE (%(final_mix)s::text[])[1 + floor(r_status * cardinality(%(final_mix)s::text[]))::int]
           END AS status
    FROM c
), r AS (
    SELECT s.*, br.unit_code, br.rule_id, br.reason, br.calendar, br.priority, br.texts,
           s.created_at + br.first_minutes * interval '1 minute' AS first_due,
           s.created_at + br.resolve_minutes * interval '1 minute' AS due,
           br.resolve_minutes, bp.lat AS centre_lat, bp.lon AS centre_lon
    FROM s
    JOIN bench_routes br USING (category_id, district_code)
    JOIN bench_points bp USING (district_code)
), t AS (
    SELECT r.*,
           CASE WHEN status IN ('resolved', 'closed')
                THEN LEAST(%(now)s::timestamptz,
                           created_at + r_time * 1.4 * resolve_minutes * interval '1 minute')
           END AS resolved_at,
           CASE WHEN status IN ('assigned', 'in_progress') OR (status = 'reopened' AND r_misc < 0.5)
                THEN CASE WHEN r_who < 0.02 THEN %(me)s
                          ELSE (%(staff)s::int[])[1 + floor(r_who * cardinality(%(staff)s::int[]))::int] END
           END AS assignee
    FROM r
)
INSERT INTO cases (
    id, tracking_number, channel, category_id, description, lat, lon, address, district_code, outside_sofia,
    status, priority, owner_unit_code, assignee_user_id, routing_reason, routing_rule_id, sla_calendar,
    first_response_due_at, first_responded_at, due_at, sla_paused_at, sla_paused_reason, sla_paused_seconds,
    bounce_count, needs_lead, duplicate_of_id, anonymous, created_by_user_id, version,
    created_at, updated_at, resolved_at, closed_at)
SELECT
    id,
    'SOF-' || extract(year FROM created_at)::int || '-'
        || lpad((row_number() OVER (PARTITION BY extract(year FROM created_at) ORDER BY id))::text, 6, '0'),
    (%(channels)s::text[])[1 + floor(r_misc * cardinality(%(channels)s::text[]))::int],
    category_id,
    texts[1 + floor(r_text * cardinality(texts))::int] || ' '
        || (%(suffixes)s::text[])[1 + floor(r_geo2 * cardinality(%(suffixes)s::text[]))::int]
        || CASE WHEN r_detail < 0.6 THEN ' '
                || (%(details)s::text[])[1 + floor(r_detail / 0.6 * cardinality(%(details)s::text[]))::int]
                || (1 + floor(r_addr * r_time * 300))::int ELSE '' END,
    round((centre_lat + (r_geo1 + r_time - 1.0) * 0.012)::numeric, 6)::float8,
    round((centre_lon + (r_geo2 + r_street - 1.0) * 0.016)::numeric, 6)::float8,
    CASE WHEN r_addr < 0.15 THEN ''
         WHEN r_addr < 0.45
         THEN 'ж.к. ' || (%(estates)s::text[])[1 + floor(r_street * cardinality(%(estates)s::text[]))::int]
              || ', бл. ' || (1 + floor(r_detail * 400))::int
         ELSE (%(streets)s::text[])[1 + floor(r_street * cardinality(%(streets)s::text[]))::int] || ' '
              || (1 + floor(r_text * 200))::int
    END,
    district_code, false,
    status, priority, unit_code, assignee, reason, rule_id, calendar,
    first_due,
    CASE WHEN status <> 'new' THEN created_at + r_time * (first_due - created_at) END,
    due,
    CASE WHEN status IN ('triaged', 'assigned', 'in_progress') AND r_misc < 0.04
         THEN LEAST(%(now)s::timestamptz, created_at + r_time * (due - created_at)) END,
    CASE WHEN status IN ('triaged', 'assigned', 'in_progress') AND r_misc < 0.04
         THEN 'Чака се становище от „Софийска вода“.' END,
    0.0, 0, false, NULL, r_misc > 0.92, %(me)s,
    CASE status WHEN 'new' THEN 1 WHEN 'triaged' THEN 2 WHEN 'assigned' THEN 3 WHEN 'in_progress' THEN 4
                WHEN 'resolved' THEN 5 ELSE 6 END,
    created_at,
    LEAST(%(now)s::timestamptz, GREATEST(created_at + r_time * interval '2 hours',
                                         resolved_at + interval '1 day' * (status = 'closed')::int)),
    resolved_at,
    CASE WHEN status = 'closed' THEN LEAST(%(now)s::timestamptz, resolved_at + interval '1 day')
         WHEN status IN ('rejected', 'duplicate')
              THEN LEAST(%(now)s::timestamptz, created_at + interval '1 day')
    END
FROM t
ORDER BY id
"""

FILL_REPORTERS_SQL = """
INSERT INTO case_reporters (case_id, name, phone_e164, phone_raw, email, channel, is_follower, created_at)
SELECT id,
       (%(first)s::text[])[1 + (id * 7) %% cardinality(%(first)s::text[])] || ' '
           || (%(last)s::text[])[1 + (id * 13) %% cardinality(%(last)s::text[])],
       '+3598' || (7 + id %% 3) || lpad(((id::bigint * 7919) %% 10000000)::text, 7, '0'),
       '08' || (7 + id %% 3) || lpad(((id::bigint * 7919) %% 10000000)::text, 7, '0'),
       '', channel, false, created_at
FROM cases WHERE NOT anonymous
"""


# --- what to ask ---------------------------------------------------------------------------------------


@dataclass
class Facts:
    cases: int
    open: int
    overdue: int
    mine: int
    busy_units: list[str]
    district_categories: list[tuple[str, int]]
    tracking_prefixes: list[str]
    addresses: list[str]
    centres: list[tuple[float, float]]


def read_facts(url: str, rng: random.Random) -> Facts:
    open_list = ", ".join(f"'{s}'" for s in OPEN_STATUSES)
    with psycopg_connect(url, autocommit=True) as conn:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        units = [
            r[0]
            for r in conn.execute(
                f"SELECT owner_unit_code FROM cases WHERE status IN ({open_list}) "
                "GROUP BY 1 ORDER BY count(*) DESC LIMIT 8"
            )
        ]
        pairs = [
            (r[0], r[1])
            for r in conn.execute(
                "SELECT district_code, category_id FROM cases GROUP BY 1, 2 ORDER BY count(*) DESC LIMIT 40"
            )
        ]
        years = [r[0] for r in conn.execute("SELECT year FROM tracking_counters WHERE last_value > 2000")]
        addresses = [
            r[0]
            for r in conn.execute(
                "SELECT address FROM cases TABLESAMPLE SYSTEM (1) WHERE address <> '' LIMIT 50"
            )
        ]
        centres = [(r[0], r[1]) for r in conn.execute("SELECT lat, lon FROM bench_points")]
        return Facts(
            cases=one("SELECT count(*) FROM cases"),
            open=one(f"SELECT count(*) FROM cases WHERE status IN ({open_list})"),
            overdue=one(
                f"SELECT count(*) FROM cases WHERE status IN ({open_list}) AND sla_paused_at IS NULL "
                "AND due_at <= now()"
            ),
            mine=one(
                "SELECT count(*) FROM cases c JOIN users u ON u.id = c.assignee_user_id "
                "WHERE u.username = 'bench'"
            ),
            busy_units=units,
            district_categories=pairs,
            tracking_prefixes=[f"SOF-{rng.choice(years)}-{rng.randrange(0, 2000):04d}" for _ in range(50)],
            addresses=addresses,
            centres=centres,
        )


@dataclass
class Query:
    name: str
    make: Callable[[random.Random], dict[str, Any]]  # a fresh set of parameters per request
    page_two: bool = False  # measure the next page (the cursor of the first page is fetched untimed)


def queries(facts: Facts) -> list[Query]:
    def bbox(rng: random.Random) -> str:
        lat, lon = rng.choice(facts.centres)
        return f"{lon - 0.006:.5f},{lat - 0.0045:.5f},{lon + 0.006:.5f},{lat + 0.0045:.5f}"  # ~1 km × 1 km

    common_words = ("дупка", "шахта", "светофар", "контейнер", "куче", "паркиран", "осветление")
    return [
        Query(
            "open=true&unit=U&sort=due",
            lambda r: {"open": "true", "unit": r.choice(facts.busy_units), "sort": "due"},
        ),
        Query(
            "open=true&unit=U&sort=due, page 2",
            lambda r: {"open": "true", "unit": r.choice(facts.busy_units), "sort": "due"},
            page_two=True,
        ),
        Query(
            "district=D&category=C",
            lambda r: dict(zip(("district", "category"), r.choice(facts.district_categories), strict=True)),
        ),
        Query(
            "open=true&district=D&category=C",
            lambda r: {
                "open": "true",
                **dict(zip(("district", "category"), r.choice(facts.district_categories), strict=True)),
            },
        ),
        Query("status=new", lambda r: {"status": "new"}),
        Query("status=new, page 2", lambda r: {"status": "new"}, page_two=True),
        Query("overdue=true", lambda r: {"overdue": "true"}),
        Query("overdue=true&sort=due", lambda r: {"overdue": "true", "sort": "due"}),
        Query("assignee=me", lambda r: {"assignee": "me"}),
        Query("q=SOF-YYYY-NNNN (prefix)", lambda r: {"q": r.choice(facts.tracking_prefixes)}),
        Query("q=<common word>", lambda r: {"q": r.choice(common_words)}),
        Query("q=<address>", lambda r: {"q": r.choice(facts.addresses)}),
        Query("bbox=<1 km²>", lambda r: {"bbox": bbox(r)}),
        Query("bbox=<1 km²>&open=true", lambda r: {"bbox": bbox(r), "open": "true"}),
        Query(
            "updated_since=<1 h ago>",
            lambda r: {"updated_since": (utc_now() - timedelta(hours=1)).isoformat().replace("+00:00", "Z")},
        ),
    ]


@dataclass
class Result:
    query: Query
    latencies_ms: list[float] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)


async def measure_all(
    host: str, port: int, token: str, facts: Facts, args: argparse.Namespace, rng: random.Random
) -> list[Result]:
    conn = HttpConnection(host, port, token)
    results = []
    try:
        for query in queries(facts):
            if args.only and args.only not in query.name:
                continue
            result = Result(query)
            deadline = time.monotonic() + args.budget
            for i in range(args.warmup + args.requests):
                if time.monotonic() > deadline and len(result.latencies_ms) >= 10:
                    break  # hopelessly slow: ten samples say enough
                params = {"limit": "100", **query.make(rng)}
                if query.page_two:
                    first = await conn.request("GET", "/api/v1/cases?" + urllib.parse.urlencode(params))
                    params["cursor"] = first.json()["next_cursor"]
                    if params["cursor"] is None:
                        continue  # a one-page answer (small databases): no second page to time
                target = "/api/v1/cases?" + urllib.parse.urlencode(params)
                started = time.perf_counter()
                reply = await conn.request("GET", target)
                elapsed = (time.perf_counter() - started) * 1000
                if reply.status != 200:
                    raise RuntimeError(f"{target}: {reply.status} {reply.body[:300]!r}")
                if i >= args.warmup:
                    result.latencies_ms.append(elapsed)
                    result.rows.append(len(reply.json()["items"]))
            results.append(result)
            print(f"  measured {query.name} ({len(result.latencies_ms)} requests)", file=sys.stderr)
    finally:
        await conn.close()
    return results


def report(results: list[Result], args: argparse.Namespace) -> None:
    print()
    print(f"GET /api/v1/cases?limit=100&…, up to {args.requests} requests each, one at a time")
    columns = ("n", "p50 ms", "p95 ms", "p99 ms", "max ms", "rows")
    header = f"{'query':<40} {columns[0]:>4} " + " ".join(f"{c:>7}" for c in columns[1:])
    header += f"  p99 ≤ {TARGET_P99_MS:.0f} ms"
    print(header)
    print("-" * len(header))
    missed = []
    for r in results:
        ms = r.latencies_ms
        if not ms:
            print(f"{r.query.name:<40} {0:4d}  (no answer had a second page)")
            continue
        p99 = percentile(ms, 0.99)
        ok = p99 <= TARGET_P99_MS
        if not ok:
            missed.append(r.query.name)
        figures = (percentile(ms, 0.5), percentile(ms, 0.95), p99, max(ms), sum(r.rows) / len(r.rows))
        print(
            f"{r.query.name:<40} {len(ms):4d} "
            + " ".join(f"{x:7.1f}" for x in figures)
            + f"  {'yes' if ok else 'NO'}"
        )
    print()
    if missed:
        print(f"target p99 ≤ {TARGET_P99_MS:.0f} ms: NOT MET by {len(missed)} of {len(results)}:")
        for name in missed:
            print(f"  {name}")
    else:
        print(f"target p99 ≤ {TARGET_P99_MS:.0f} ms: MET by all {len(results)} queries")


if __name__ == "__main__":
    raise SystemExit(main())
