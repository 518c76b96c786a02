"""The ``central`` command line as administrators and scripts use it (DESIGN §6), in real subprocesses.

Per backend, one database goes through the documented first-time setup (``official``), the tests below
build on it in file order, and ``seed --demo`` fills another fresh database in the background meanwhile.
"""

from __future__ import annotations

import csv
import io
import json
import os
import socket
import subprocess
from pathlib import Path

import pytest

from central.migrate import head_revision
from tests.central.cli.conftest import (
    FreshRun,
    SetUp,
    app_client,
    in_parallel,
    login,
    ok,
    refused,
    rows,
    scalar,
    write,
)
from tests.live_server import wait_for_health
from tests.support import REPO_ROOT, run_central, shared_data_dir

pytestmark = pytest.mark.usefixtures("fresh_run")  # start the slow demo seeding first

SHARED = shared_data_dir()
DEMO_GAZETTEER = REPO_ROOT / "central" / "seed" / "data" / "demo_gazetteer.csv"


def test_migrate_twice_then_seed_without_districts(fresh_run: FreshRun) -> None:
    run = fresh_run.start.result(timeout=120)
    head = head_revision()
    first, second = (ok(result) for result in run.migrate)
    assert f"database at {head} (was empty)" in first.stdout
    assert f"database at {head} (was {head})" in second.stdout  # idempotent: nothing to do, says where

    message = refused(run.seed_without_districts)
    assert "import-districts" in message and "no districts" in message
    assert run.rows_after_refusal == {"units": 0, "categories": 0}  # nothing half-seeded


@pytest.mark.usefixtures("first_backend_only")
def test_an_unusable_database_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    malformed, unreachable = in_parallel(
        lambda: run_central("migrate", database_url="not a url"),
        lambda: run_central("seed", database_url=f"sqlite:///{tmp_path}/no/such/folder/central.sqlite3"),
    )
    assert "Could not parse SQLAlchemy URL" in refused(malformed)
    assert unreachable.returncode == 1 and "Traceback" not in unreachable.stderr
    assert (
        unreachable.stderr.strip()
        == "central seed: error: cannot use the database: unable to open database file"
    )


def test_official_districts_then_seed(official: SetUp) -> None:
    assert official.districts.stdout.startswith("24 districts imported from ")
    assert "demo districts" not in official.seed.stdout
    assert "38 units" in official.seed.stdout and "12 routing rules" in official.seed.stdout
    districts = rows(official.url, "SELECT code, name_bg, demo FROM districts ORDER BY code")
    assert [code for code, _, _ in districts] == [f"68134-{n:02d}" for n in range(1, 25)]
    assert districts[14][1] == "Младост"
    assert not any(demo for _, _, demo in districts)
    assert scalar(official.url, "SELECT count(*) FROM units") == 38


def test_import_gazetteer_files(official: SetUp, tmp_path: Path) -> None:
    for path, count in (
        (SHARED / "sofia_kvartali_gazetteer.derived.csv", 305),  # 5 unnamed polygons are skipped
        (SHARED / "sofia_settlements_by_district.nsi_ekatte2014.csv", 37),
        (DEMO_GAZETTEER, 110),
    ):
        result = ok(run_central("import-gazetteer", str(path), database_url=official.url))
        assert result.stdout.strip() == f"{count} gazetteer entries imported from {path}"
    before = rows(official.url, "SELECT kind, name_bg, district_code, lat, lon FROM gazetteer ORDER BY id")
    places = {(kind, name): district for kind, name, district, _, _ in before}
    assert places[("neighbourhood", "жк. Младост 1")] == "68134-15"
    assert places[("town", "гр. Нови Искър")] == "68134-21"
    assert places[("street", "бул. Витоша")] == "68134-01"


@pytest.mark.usefixtures("first_backend_only")
def test_broken_gazetteer_file_imports_nothing(official: SetUp, tmp_path: Path) -> None:
    before = rows(official.url, "SELECT kind, name_bg, district_code, lat, lon FROM gazetteer ORDER BY id")
    lines = DEMO_GAZETTEER.read_text(encoding="utf-8").splitlines()
    renamed = [line.replace("бул. ", "булевард ", 1) for line in lines[:4]]  # would add new entries
    broken = write(
        tmp_path / "broken.csv", "\n".join([*renamed, "street,ул. Счупена,,42.69,not-a-number,,", ""])
    )
    wrong_header = write(tmp_path / "wrong.csv", "name,lat,lon\nНещо,42.69,23.32\n")
    bad_line, bad_header = in_parallel(
        lambda: run_central("import-gazetteer", str(broken), database_url=official.url),
        lambda: run_central("import-gazetteer", str(wrong_header), database_url=official.url),
    )
    message = refused(bad_line)
    assert "broken.csv, line 5" in message and "lon 'not-a-number' is not a number" in message
    assert "wrong.csv, line 1" in refused(bad_header) and "unrecognised header" in bad_header.stderr
    after = rows(official.url, "SELECT kind, name_bg, district_code, lat, lon FROM gazetteer ORDER BY id")
    assert after == before  # the good lines before the bad one were not imported either


def test_same_name_in_two_districts_stays_two_places(official: SetUp) -> None:
    # The shared neighbourhoods file has кв. Изгрев in Банкя (24) and in Нови Искър (21): two places.
    found = rows(official.url, "SELECT district_code FROM gazetteer WHERE name_bg = 'кв. Изгрев'")
    assert sorted(district for (district,) in found) == ["68134-21", "68134-24"]


@pytest.mark.usefixtures("first_backend_only")
def test_broken_district_file_changes_nothing(official: SetUp, tmp_path: Path) -> None:
    data = json.loads((SHARED / "sofia_districts.geojson").read_text(encoding="utf-8"))
    for feature in data["features"]:
        feature["properties"]["name_bg"] = "ГРЕШНО"  # would rename every district if it got through
    data["features"][7]["properties"]["nsi_code"] = "68134-8"
    bad_code = write(tmp_path / "bad_code.geojson", json.dumps(data, ensure_ascii=False))
    not_json = write(tmp_path / "not_json.geojson", '{"type": "FeatureCollection",\n "features": [}\n')
    projected = json.loads(json.dumps(data))
    projected["features"][7]["properties"]["nsi_code"] = "68134-08"
    projected["features"][3]["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[321000, 4725000], [322000, 4725000], [322000, 4726000], [321000, 4725000]]],
    }
    metres = write(tmp_path / "metres.geojson", json.dumps(projected, ensure_ascii=False))
    before = rows(official.url, "SELECT code, name_bg, geometry FROM districts ORDER BY code")

    results = in_parallel(
        *(
            lambda p=path: run_central("import-districts", str(p), database_url=official.url)
            for path in (bad_code, not_json, metres)
        )
    )
    code_error, json_error, crs_error = (refused(r) for r in results)
    assert "bad_code.geojson" in code_error and "feature #7" in code_error and "68134-8" in code_error
    assert "not_json.geojson" in json_error and "line 2" in json_error
    assert "metres.geojson" in crs_error and "feature #3 (68134-04)" in crs_error and "WGS84" in crs_error
    assert rows(official.url, "SELECT code, name_bg, geometry FROM districts ORDER BY code") == before


def test_create_user_reads_the_password_from_stdin(official: SetUp) -> None:
    result = ok(
        run_central(
            "create-user",
            "ivanova",
            "--role",
            "unit_staff",
            "--unit",
            "RA-15",
            "--full-name",
            "Елена Иванова",
            database_url=official.url,
            stdin="дълга-парола-15\n",
        )
    )
    assert result.stdout.startswith("user ivanova (unit_staff) created with id ")
    with app_client(official.url) as client:
        me = client.get("/api/v1/me", headers=login(client, "ivanova", "дълга-парола-15")).json()
        assert (
            me["role"] == "unit_staff" and me["unit_code"] == "RA-15" and me["full_name"] == "Елена Иванова"
        )
        wrong = client.post("/api/v1/auth/token", json={"username": "ivanova", "password": "дълга-парола-1"})
        assert wrong.status_code == 401

    users = scalar(official.url, "SELECT count(*) FROM users")
    message = refused(
        run_central(
            "create-user",
            "petrov",
            "--role",
            "unit_staff",
            "--unit",
            "RA-99",
            database_url=official.url,
            stdin="достатъчно-дълга\n",
        )
    )
    assert "unknown unit 'RA-99'" in message
    assert scalar(official.url, "SELECT count(*) FROM users") == users


@pytest.mark.usefixtures("first_backend_only")
def test_create_user_refuses_bad_arguments(official: SetUp) -> None:
    users = scalar(official.url, "SELECT count(*) FROM users")
    bad_role, short, no_unit, taken = in_parallel(
        *(
            lambda args=args, password=password: run_central(
                "create-user", *args, database_url=official.url, stdin=password
            )
            for args, password in (
                (("petrov", "--role", "boss"), "достатъчно-дълга\n"),
                (("petrov", "--role", "operator"), "kratka\n"),
                (("petrov", "--role", "responder"), "достатъчно-дълга\n"),
                (("ivanova", "--role", "operator"), "достатъчно-дълга\n"),
            )
        )
    )
    assert bad_role.returncode == 2 and "invalid choice: 'boss'" in bad_role.stderr
    assert "at least 8 characters" in refused(short)
    assert "must belong to a unit" in refused(no_unit)
    assert "'ivanova' already exists" in refused(taken)
    assert scalar(official.url, "SELECT count(*) FROM users") == users


def _export(url: str) -> list[dict[str, str]]:
    result = ok(run_central("export-routing", database_url=url))
    return list(csv.DictReader(io.StringIO(result.stdout)))


def test_export_edit_and_import_routing_rules(official: SetUp, tmp_path: Path) -> None:
    rules = _export(official.url)
    assert list(rules[0]) == ["category_id", "district_code", "unit_code", "note"]
    assert {(r["category_id"], r["district_code"], r["unit_code"]) for r in rules} >= {
        ("2", "", "SV"),
        ("22", "", "EKO"),
        ("5", "", "CGM"),
    }
    # The municipality decides: stray dogs go to СИ, and roads in Младост to the engineering directorate.
    for rule in rules:
        if rule["category_id"] == "22":
            rule["unit_code"], rule["note"] = "SI", "Временно: СИ поема кучетата"
    rules.append(
        {"category_id": "3", "district_code": "68134-15", "unit_code": "DII", "note": "Пилотен проект"}
    )
    edited = tmp_path / "routing.csv"
    with edited.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rules[0]))
        writer.writeheader()
        writer.writerows(rules)
    result = ok(run_central("import-routing", str(edited), database_url=official.url))
    assert result.stdout.strip() == f"{len(rules)} routing rules imported from {edited}"
    exported = _export(official.url)
    key = lambda r: (int(r["category_id"]), r["district_code"])  # noqa: E731
    assert sorted(exported, key=key) == sorted(rules, key=key)

    # A bad unit code on line 3: exit 2 naming the line, and not even the good lines are applied.
    bad = write(
        tmp_path / "bad_routing.csv",
        "category_id,district_code,unit_code,note\n22,,EKO,обратно\n1,,NOPE,грешка\n",
    )
    stored = rows(
        official.url, "SELECT category_id, district_code, unit_code, note FROM routing_rules ORDER BY id"
    )
    message = refused(run_central("import-routing", str(bad), database_url=official.url))
    assert "bad_routing.csv:3" in message and "unknown unit 'NOPE'" in message
    assert (
        rows(
            official.url, "SELECT category_id, district_code, unit_code, note FROM routing_rules ORDER BY id"
        )
        == stored
    )

    # The imported rules route new cases at once (the running app reloads them).
    with app_client(official.url) as client:
        headers = login(client, "ivanova", "дълга-парола-15")
        body = {"channel": "phone", "description": "Дупка", "lat": 42.6475, "lon": 23.3817}
        road = client.post("/api/v1/cases", json=body | {"category_id": 3}, headers=headers).json()
        dogs = client.post("/api/v1/cases", json=body | {"category_id": 22}, headers=headers).json()
    assert (road["owner_unit_code"], road["district_code"]) == ("DII", "68134-15")
    assert "Пилотен проект" in road["routing_reason"]
    assert dogs["owner_unit_code"] == "SI"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_serve_refuses_demo_users_on_a_real_database(official: SetUp, tmp_path: Path) -> None:
    # Demo users (password "demo") on top of the official districts: not a demo database.
    demo = ok(run_central("seed", "--demo", "--cases", "0", database_url=official.url))
    # Seeding again kept the official districts and the routing rules edited above.
    assert "demo districts" not in demo.stdout and "routing rules" not in demo.stdout
    assert rows(official.url, "SELECT unit_code FROM routing_rules WHERE category_id = 22") == [("SI",)]
    assert scalar(official.url, "SELECT count(*) FROM districts WHERE demo = :yes", yes=True) == 0
    message = refused(run_central("serve", "--port", str(_free_port()), database_url=official.url))
    assert "demo users" in message and "--allow-demo-users" in message

    port = _free_port()
    log = (tmp_path / "serve.log").open("w")
    script = REPO_ROOT / ".venv" / "bin" / "central"
    process = subprocess.Popen(
        [
            str(script) if script.exists() else "central",
            "serve",
            "--port",
            str(port),
            "--allow-demo-users",
            "--log-level",
            "warning",
        ],
        env=dict(os.environ, CENTRAL_DATABASE_URL=official.url),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_health(f"http://127.0.0.1:{port}", alive=lambda: process.poll() is None)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
        log.close()


def test_seed_demo_on_a_fresh_database(fresh_run: FreshRun) -> None:
    url, result = fresh_run.demo.result(timeout=240)
    ok(result)
    assert "24 demo districts" in result.stdout and "300 demo cases" in result.stdout

    statuses = dict(rows(url, "SELECT status, count(*) FROM cases GROUP BY status"))
    assert sum(statuses.values()) >= 300
    for status in (
        "new",
        "triaged",
        "assigned",
        "in_progress",
        "resolved",
        "closed",
        "rejected",
        "duplicate",
    ):
        assert statuses.get(status, 0) > 0, (status, statuses)
    # Invariant 1: every case that is not final has an owner unit and a deadline.
    unowned = scalar(
        url,
        "SELECT count(*) FROM cases WHERE status NOT IN ('closed', 'rejected', 'duplicate') "
        "AND (owner_unit_code IS NULL OR owner_unit_code = '' OR due_at IS NULL)",
    )
    assert unowned == 0
    assert scalar(url, "SELECT count(*) FROM cases WHERE sla_paused_at IS NOT NULL") > 0
    assert scalar(url, "SELECT count(*) FROM events WHERE type = 'case.created'") == sum(statuses.values())

    with app_client(url) as client:
        for username in ("operator", "lead", "unit_staff", "responder", "admin"):
            headers = login(client, username, "demo")
            assert client.get("/api/v1/me", headers=headers).json()["role"] == username
        headers = login(client, "operator", "demo")
        overdue = client.get(
            "/api/v1/cases", params={"overdue": "true", "limit": 200}, headers=headers
        ).json()
        assert overdue["items"], "no overdue demo cases"
        assert {c["sla_state"] for c in overdue["items"]} == {"overdue"}
        health = client.get("/health")
        assert health.status_code == 200
