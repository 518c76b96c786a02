"""The ``central`` command: migrate, serve, seed, import reference data, create users."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import exc as sa_exc

from central.config import Settings
from central.db import make_engine, make_sessionmaker, session_scope
from central.errors import DomainError


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.database_url:
        os.environ["CENTRAL_DATABASE_URL"] = args.database_url
    try:
        return int(args.handler(args) or 0)
    except (ValueError, LookupError, DomainError, OSError, sa_exc.ArgumentError) as error:
        # Bad files and bad arguments (a malformed database URL among them) get one clear line.
        print(f"central {args.command}: error: {error}", file=sys.stderr)
        return 2
    except sa_exc.OperationalError as error:  # the database is down, unreachable or not writable
        reason = str(error.orig or error).strip().splitlines()[0]
        print(f"central {args.command}: error: cannot use the database: {reason}", file=sys.stderr)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="central", description="Call Sofia central API")
    parser.add_argument(
        "--database-url", help="SQLAlchemy URL (default: $CENTRAL_DATABASE_URL or a SQLite file)"
    )
    commands = parser.add_subparsers(dest="command", required=True)

    def command(name: str, handler, help_text: str) -> argparse.ArgumentParser:  # type: ignore[no-untyped-def]
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    command("migrate", _migrate, "Upgrade the database schema to the newest version")
    serve = command("serve", _serve, "Run the HTTP API (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8311)
    serve.add_argument("--workers", type=int, default=1)
    serve.add_argument(
        "--allow-demo-users",
        action="store_true",
        help="Serve even though demo users (password 'demo') exist in a non-demo database",
    )
    serve.add_argument("--log-level", default="info")
    seed = command(
        "seed", _seed, "Load the reference data (units, categories, SLA, routing); --demo adds demo data"
    )
    seed.add_argument("--demo", action="store_true", help="Also demo districts, users, gazetteer and cases")
    seed.add_argument("--cases", type=int, default=300, help="How many demo cases (with --demo)")
    districts = command("import-districts", _import_districts, "Load district boundaries from GeoJSON")
    districts.add_argument("file", type=Path)
    gazetteer = command("import-gazetteer", _import_gazetteer, "Load streets/places/neighbourhoods from CSV")
    gazetteer.add_argument("file", type=Path)
    for name, help_text in (("units", "units"), ("categories", "categories"), ("sla", "SLA policies")):
        sub = command(f"import-{name}", _import_reference, f"Load {help_text} from CSV")
        sub.add_argument("file", type=Path)
        sub.set_defaults(kind=name)
    routing = command("import-routing", _import_routing, "Load routing rules from CSV")
    routing.add_argument("file", type=Path)
    routing.add_argument("--replace", action="store_true", help="Delete the rules not in the file")
    command("export-routing", _export_routing, "Print routing rules as CSV")
    roster = command(
        "import-roster",
        _import_roster,
        "Load crews' shifts from CSV: each unit in the file gets exactly its lines; new crews are created",
    )
    roster.add_argument("file", type=Path)
    simulate = command(
        "simulate-crews",
        _simulate_crews,
        "Drive crews through the HTTP API (move, report, answer chat), as the crews' app would",
    )
    simulate.add_argument("--server", required=True, help="Base URL, e.g. http://127.0.0.1:8311")
    simulate.add_argument(
        "--user", action="append", required=True, help="Log in as (repeatable); a lead drives every crew"
    )
    simulate.add_argument("--password", help="Password of the users (default: one line on standard input)")
    simulate.add_argument("--crew", type=int, action="append", help="Only this crew id (repeatable)")
    simulate.add_argument("--interval", type=float, default=2.0, help="Seconds between steps")
    simulate.add_argument("--steps", type=int, help="Stop after this many steps (default: run until Ctrl+C)")
    simulate.add_argument("--speed", type=float, default=400.0, help="Metres a crew drives per step")
    user = command("create-user", _create_user, "Create a user; the password is read from standard input")
    user.add_argument("name")
    user.add_argument(
        "--role", required=True, choices=("operator", "lead", "unit_staff", "responder", "admin")
    )
    user.add_argument("--unit", help="Unit code (required for unit_staff and responder)")
    user.add_argument("--full-name", default="")
    return parser


def _sessions():  # type: ignore[no-untyped-def]
    # Every table, so that foreign keys between packages resolve (users.crew_id → crews) whatever the command.
    import central.models  # noqa: F401

    settings = Settings.from_env()
    engine = make_engine(settings.database_url)
    return engine, make_sessionmaker(engine)


def _now() -> datetime:
    return datetime.now(UTC)


def _require_schema(engine) -> None:  # type: ignore[no-untyped-def]
    from central.migrate import current_revision, head_revision

    if current_revision(engine) != head_revision():
        raise LookupError("the database schema is not up to date: run `central migrate` first")


def _migrate(_args: argparse.Namespace) -> int:
    from central.migrate import current_revision, upgrade

    engine, _ = _sessions()
    before = current_revision(engine)
    upgrade(engine)
    print(
        f"database at {current_revision(engine)} (was {before or 'empty'}): {engine.url.render_as_string()}"
    )
    return 0


def _serve(args: argparse.Namespace) -> int:
    import uvicorn

    from central.seed.checks import demo_users_refusal

    engine, sessions = _sessions()
    _require_schema(engine)
    with session_scope(sessions) as session:
        refusal = demo_users_refusal(session, allow=args.allow_demo_users)
    if refusal:
        raise LookupError(refusal)
    engine.dispose()
    if args.workers > 1:
        uvicorn.run(
            "central.app:create_app",
            factory=True,
            host=args.host,
            port=args.port,
            workers=args.workers,
            log_level=args.log_level,
        )
    else:
        from central.app import create_app

        uvicorn.run(create_app(), host=args.host, port=args.port, log_level=args.log_level)
    return 0


def _seed(args: argparse.Namespace) -> int:
    from central.seed.demo import seed_demo
    from central.seed.loader import seed_reference

    engine, sessions = _sessions()
    _require_schema(engine)
    with session_scope(sessions) as session:
        counts = seed_reference(session, demo_districts=args.demo)
    print("reference data: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
    if args.demo:
        with session_scope(sessions) as session:
            summary = seed_demo(session, cases=args.cases, now=_now())
        print(summary)
    return 0


def _import_districts(args: argparse.Namespace) -> int:
    from central.reference.service import import_districts

    try:
        data = json.loads(args.file.read_text(encoding="utf-8"))
    except ValueError as error:  # not JSON, or not UTF-8: say which file (the JSON error says where)
        raise ValueError(f"{args.file}: not a GeoJSON file ({error})") from None
    engine, sessions = _sessions()
    _require_schema(engine)
    try:
        with session_scope(sessions) as session:
            count = import_districts(session, data)
    except ValueError as error:  # the feature and the problem; add the file
        raise ValueError(f"{args.file}: {error}") from None
    print(f"{count} districts imported from {args.file}")
    return 0


def _import_gazetteer(args: argparse.Namespace) -> int:
    from central.geocode.service import import_gazetteer

    engine, sessions = _sessions()
    _require_schema(engine)
    with session_scope(sessions) as session:
        count = import_gazetteer(session, args.file)
    print(f"{count} gazetteer entries imported from {args.file}")
    return 0


def _import_reference(args: argparse.Namespace) -> int:
    from central.reference import service

    importer = {
        "units": service.import_units,
        "categories": service.import_categories,
        "sla": service.import_sla_policies,
    }[args.kind]
    engine, sessions = _sessions()
    _require_schema(engine)
    with session_scope(sessions) as session:
        count = importer(session, args.file)
        service.bump_reference_version(session)
    print(f"{count} {args.kind} rows imported from {args.file}")
    return 0


def _import_routing(args: argparse.Namespace) -> int:
    from central.routing.service import import_rules

    engine, sessions = _sessions()
    _require_schema(engine)
    with session_scope(sessions) as session:
        count = import_rules(session, args.file, replace=args.replace)
    print(f"{count} routing rules imported from {args.file}")
    return 0


def _export_routing(_args: argparse.Namespace) -> int:
    from central.routing.service import export_rules_csv

    engine, sessions = _sessions()
    _require_schema(engine)
    with session_scope(sessions) as session:
        sys.stdout.write(export_rules_csv(session))
    return 0


def _import_roster(args: argparse.Namespace) -> int:
    from central.crews.service import import_roster

    engine, sessions = _sessions()
    _require_schema(engine)
    with session_scope(sessions) as session:
        done = import_roster(session, args.file, _now())
    print(
        f"{done.shifts} shifts for {done.units} units imported from {args.file} "
        f"({done.crews_created} new crews)"
    )
    return 0


def _simulate_crews(args: argparse.Namespace) -> int:
    from central.crews.simulator import SimulatorError, simulate

    password = args.password
    if password is None:
        if sys.stdin.isatty():
            password = getpass.getpass("Password: ")
        else:
            password = sys.stdin.readline().rstrip("\r\n")
    try:
        simulate(
            args.server,
            args.user,
            password,
            interval=args.interval,
            steps=args.steps,
            speed_m=args.speed,
            crew_ids=set(args.crew) if args.crew else None,
        )
    except SimulatorError as error:
        raise LookupError(str(error)) from None
    except KeyboardInterrupt:
        print("stopped")
    return 0


def _create_user(args: argparse.Namespace) -> int:
    from central.auth.service import create_user

    if sys.stdin.isatty():  # typed by a person: do not echo it
        password = getpass.getpass(f"Password for {args.name}: ")
    else:  # piped by a script
        password = sys.stdin.readline().rstrip("\r\n")
    engine, sessions = _sessions()
    _require_schema(engine)
    with session_scope(sessions) as session:
        user = create_user(
            session, args.name, password, args.role, unit_code=args.unit, full_name=args.full_name, now=_now()
        )
        print(f"user {user.username} ({user.role}) created with id {user.id}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
