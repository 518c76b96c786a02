"""``central seed --demo``: demo users for every role and a few hundred cases spread over Sofia, in every
status and SLA state, made through the same services as real cases (so the audit trail is real too)."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import Session

from central.auth.models import User
from central.auth.service import create_user
from central.cases import service
from central.cases.models import Case
from central.cases.schemas import (
    AssignIn,
    CaseCreate,
    MergeIn,
    MessageIn,
    PauseIn,
    ReporterIn,
    StatusIn,
    TransferIn,
)
from central.config import Settings
from central.context import Ctx
from central.crews.models import Crew
from central.crews.roster import on_duty
from central.crews.service import import_roster, place_crew, set_crew_state
from central.geo.demo_districts import load_demo_district_points
from central.geocode.models import GazetteerPlace
from central.geocode.service import import_gazetteer
from central.reference.models import Category, District, Unit
from central.reference.service import DistrictIndexCache, set_meta
from central.seed.checks import DEMO_KEY
from central.seed.reference import SEED_DATA_DIR

DEMO_PASSWORD = "demo"
# (user name, role, unit, full name)
DEMO_USERS = (
    ("operator", "operator", "CC", "Мария Петрова (оператор)"),
    ("lead", "lead", "CC", "Георги Иванов (дежурен ръководител)"),
    ("unit_staff", "unit_staff", "RA-15", "Елена Димитрова (район Младост)"),
    ("responder", "responder", "SI", "Иван Стоянов (екип на СИ)"),
    ("admin", "admin", None, "Администратор"),
)

# Responders of the demo crews besides "responder" (all with the demo password): (name, unit, full name).
DEMO_RESPONDERS = (
    ("si_crew2", "SI", "Петър Колев (нощен екип на СИ)"),
    ("cgm_crew1", "CGM", "Стефан Маринов (екип на ЦГМ)"),
    ("cgm_crew2", "CGM", "Даниела Тодорова (екип на ЦГМ)"),
    ("oz_crew1", "OZ", "Николай Асенов (екип на Озеленяване)"),
    ("cc_crew1", "CC", "Радослав Пенев (мобилен екип на ЦК)"),
)
# Where each unit's crews start on the map (lat, lon).
CREW_BASES = {
    "SI": (42.6953, 23.3239),
    "CGM": (42.6880, 23.3190),
    "OZ": (42.6790, 23.3370),
    "CC": (42.6977, 23.3219),
}

DESCRIPTIONS: dict[int, tuple[str, ...]] = {
    1: ("Неизметена улица, натрупани листа и боклук от седмици.", "Тротоарът пред блока е много мръсен."),
    2: (
        "Тече вода от шахта на тротоара от два дни.",
        "Липсва капак на шахта на пешеходната пътека — опасно!",
        "Запушен канал, при дъжд улицата се наводнява.",
    ),
    3: (
        "Голяма дупка на платното, колите я заобикалят в насрещното.",
        "Пропаднал асфалт до спирката.",
        "Разбити плочки на тротоара, трудно се минава с количка.",
    ),
    4: (
        "Светофарът на кръстовището не работи.",
        "Паднал пътен знак „Стоп“.",
        "Изтрита пешеходна пътека до училището.",
    ),
    5: (
        "Кола паркирана на тротоара, блокира минаването.",
        "Автомобил паркиран на зелената площ пред блока.",
        "Паркиран автомобил пред входа на гаража от сутринта.",
    ),
    6: (
        "Голям клон виси над детската площадка, опасно.",
        "Паднало дърво след бурята препречва алеята.",
        "Тревата в градинката не е косена от месеци.",
    ),
    7: ("Коне пасат в междублоковото пространство.", "Куче без повод и намордник в парка."),
    8: ("Незаконна сергия на тротоара.", "Рекламен билборд закрива видимостта на кръстовището."),
    9: ("Строеж без табела, работят и в неделя.", "Опасна стара сграда, падат мазилки върху тротоара."),
    11: ("Искам информация за ремонта на улицата.", "Сигнал без ясна категория — моля за насочване."),
    22: ("Глутница бездомни кучета до училището.", "Агресивно безстопанствено куче на спирката."),
    27: ("Препълнени контейнери, боклукът не е извозван от седмица.", "Счупен контейнер за смет."),
    28: ("Не свети уличното осветление на цялата улица.", "Лампата пред входа мига цяла нощ."),
    30: ("Нерегламентирано сметище със строителни отпадъци.", "Изхвърлени стари мебели до контейнерите."),
    32: ("Счупена люлка на детската площадка.", "Пясъкът в пясъчника не е сменян, има стъкла."),
    33: ("Порталът за електронни услуги не зарежда.",),
    38: ("Автобусът не спря на спирката.", "Повредена спирка на градския транспорт."),
    40: ("Счупен баскетболен кош на спортната площадка.",),
}
CHANNEL_WEIGHTS = (("phone", 45), ("app", 25), ("portal", 15), ("email", 8), ("facebook", 7))
FIRST_NAMES = (
    "Мария",
    "Иван",
    "Георги",
    "Елена",
    "Петър",
    "Десислава",
    "Николай",
    "Гергана",
    "Стоян",
    "Анна",
)
LAST_NAMES = ("Иванова", "Петров", "Георгиева", "Димитров", "Николова", "Стоянов", "Тодорова", "Христов")


def seed_demo(session: Session, *, cases: int, now: datetime, seed: int = 2026) -> str:
    """Create demo users and ``cases`` demo cases (skipped if demo cases exist already)."""
    rng = random.Random(seed)
    _demo_users(session, now)
    crews = _demo_crews(session, now)
    gazetteer = import_gazetteer(session, SEED_DATA_DIR / "demo_gazetteer.csv")
    set_meta(session, DEMO_KEY, "true" if _districts_are_demo(session) else "false")
    if session.scalar(sa.select(sa.func.count()).select_from(Case)) > 0:
        return f"demo users ready, {gazetteer} gazetteer entries; cases exist already, none added"
    made = _demo_cases(session, rng, cases, now)
    _crews_start_shift(session, rng, now)
    return (
        f"demo users ready (password '{DEMO_PASSWORD}'), {crews} demo crews, {gazetteer} gazetteer entries, "
        f"{made} demo cases"
    )


def _districts_are_demo(session: Session) -> bool:
    flags = session.scalars(sa.select(District.demo)).all()
    return bool(flags) and all(flags)


def _demo_users(session: Session, now: datetime) -> None:
    for username, role, unit, full_name in DEMO_USERS:
        if session.scalar(sa.select(User.id).where(User.username == username)) is None:
            create_user(
                session,
                username,
                DEMO_PASSWORD,
                role,
                unit_code=unit,
                full_name=full_name,
                is_demo=True,
                now=now,
            )
    lead = session.scalar(sa.select(User).where(User.username == "lead"))
    for unit in session.scalars(sa.select(Unit).where(Unit.lead_user_id.is_(None))):
        unit.lead_user_id = lead.id if lead else None  # the 24/7 lead covers every unit in the demo
    session.flush()


def _demo_crews(session: Session, now: datetime) -> int:
    """Responders in crews of ЦГМ, СИ, Озеленяване and the contact centre, on a roster: 24/7 day and night
    shifts, 24-on-24-off, and working hours (see demo_roster.csv). Skipped when crews exist already."""
    if session.scalar(sa.select(sa.func.count()).select_from(Crew)):
        return 0
    template = session.scalar(sa.select(User).where(User.username == "responder"))
    assert template is not None
    for username, unit, full_name in DEMO_RESPONDERS:
        if session.scalar(sa.select(User.id).where(User.username == username)) is None:
            # The demo password's hash is reused: Argon2 on purpose costs time, and seeding must stay quick.
            session.add(
                User(
                    username=username,
                    full_name=full_name,
                    role="responder",
                    unit_code=unit,
                    password_hash=template.password_hash,
                    is_demo=True,
                    created_at=now,
                )
            )
    session.flush()
    return import_roster(session, SEED_DATA_DIR / "demo_roster.csv", now).crews_created


def _crews_start_shift(session: Session, rng: random.Random, now: datetime) -> None:
    """Put the crews on the map near their base; those on duty now report available."""
    duty = {d.crew_id for d in on_duty(session, now)}
    for crew in session.scalars(sa.select(Crew).order_by(Crew.id)):
        if crew.lat is None:
            base = CREW_BASES.get(crew.unit_code, CREW_BASES["CC"])
            lat, lon = round(base[0] + rng.gauss(0, 0.01), 6), round(base[1] + rng.gauss(0, 0.014), 6)
            place_crew(session, crew, lat, lon, now, now=now, actor=None)
        wanted = "available" if crew.id in duty else "off_duty"
        if crew.current_case_id is None:
            set_crew_state(session, crew, status=wanted, now=now, actor=None, reason="demo_shift")
    session.flush()


def _demo_cases(session: Session, rng: random.Random, count: int, now: datetime) -> int:
    users = {u.username: u for u in session.scalars(sa.select(User))}
    categories = [
        c for c in session.scalars(sa.select(Category).where(Category.active)) if c.id in DESCRIPTIONS
    ]
    points = load_demo_district_points()
    settings = Settings(database_url="unused")
    districts = DistrictIndexCache()
    channels, weights = zip(*CHANNEL_WEIGHTS, strict=True)
    made: list[Case] = []
    streets = session.scalars(
        sa.select(GazetteerPlace).where(GazetteerPlace.kind.in_(("street", "place")))
    ).all()
    for number in range(count):
        # Spread creation over the last 30 days, older cases first, so the trail reads in order.
        age = 1 - number / max(count, 1)
        created = now - timedelta(days=30) * age
        ctx = Ctx(
            session=session, user=users["operator"], now=created, settings=settings, districts=districts
        )
        category = rng.choice(categories)
        if streets and rng.random() < 0.8:
            # Most reports name a street and a number, near a well-known place.
            place = rng.choice(streets)
            lat, lon = place.lat + rng.gauss(0, 0.0008), place.lon + rng.gauss(0, 0.0011)
            address = place.name_bg + (f" {rng.randrange(1, 120)}" if place.kind == "street" else "")
        else:
            centre = rng.choice(points)
            lat, lon = centre.lat + rng.gauss(0, 0.006), centre.lon + rng.gauss(0, 0.008)
            address = ""
        anonymous = rng.random() < 0.1
        reporter = (
            None
            if anonymous
            else ReporterIn(
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                phone=f"+3598{rng.choice('789')}{rng.randrange(1_000_000, 9_999_999)}",
            )
        )
        body = CaseCreate(
            channel=rng.choices(channels, weights)[0],
            category_id=category.id,
            description=rng.choice(DESCRIPTIONS[category.id]),
            lat=round(lat, 6),
            lon=round(lon, 6),
            address=address,
            reporter=reporter,
            anonymous=anonymous,
        )
        case, _ = service.create_case(ctx, body, None)
        made.append(case)
        _advance(ctx, rng, case, users, made, now, age)
    session.flush()
    return len(made)


def _advance(
    ctx: Ctx,
    rng: random.Random,
    case: Case,
    users: dict[str, User],
    made: list[Case],
    now: datetime,
    age: float,
) -> None:
    """Move a demo case some way along its life, as people would, a little later than it was filed.
    ``age`` runs from 0 (filed just now) to 1 (a month ago): older cases are further along."""
    roll = min(0.999, rng.random() * 0.7 + 0.35 * age)
    ctx.now = min(ctx.now + timedelta(minutes=rng.randrange(5, 240)), now)
    if roll < 0.25:
        return  # still new
    if roll < 0.32 and len(made) > 5:
        other = rng.choice(made[:-1])
        if other.status in ("new", "triaged", "assigned", "in_progress", "reopened") and other.id != case.id:
            service.merge(ctx, case, MergeIn(into_case_id=other.id, note="Същият проблем, подаден повторно."))
            return
    service.set_status(ctx, case, StatusIn(status="triaged"))
    if roll < 0.40:
        return
    if roll < 0.45:
        target = "SI" if case.owner_unit_code != "SI" else "CGM"
        service.transfer(
            ctx,
            case,
            TransferIn(unit_code=target, reason_code="not_competent", note="Не е в нашата компетентност."),
        )
        return
    if roll < 0.50:
        service.pause_sla(ctx, case, PauseIn(reason="Чака се становище от „Софийска вода“."))
        return
    assignee = users["lead"]
    if case.owner_unit_code == users["unit_staff"].unit_code:
        assignee = users["unit_staff"]
    elif case.owner_unit_code == users["responder"].unit_code:
        assignee = users["responder"]
    service.assign(ctx, case, AssignIn(user_id=assignee.id, note=""))
    service.post_message(
        ctx, case, MessageIn(body="Благодарим за сигнала, екип е уведомен.", visibility="public")
    )
    if roll < 0.62:
        return
    service.set_status(ctx, case, StatusIn(status="in_progress"))
    if roll < 0.72:
        return
    if roll < 0.76:
        service.set_status(
            ctx, case, StatusIn(status="rejected", note="Сигналът не е в правомощията на общината.")
        )
        return
    service.set_status(ctx, case, StatusIn(status="resolved", note="Проблемът е отстранен. Благодарим Ви!"))
    if roll < 0.9:
        ctx.now = min(ctx.now + timedelta(hours=rng.randrange(1, 72)), now)
        service.set_status(ctx, case, StatusIn(status="closed", note="Сигналът е приключен."))
