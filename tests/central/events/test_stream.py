"""GET /events on a real server: live delivery, resume with Last-Event-ID, heartbeats, bad requests."""

from __future__ import annotations

import threading
import time

from tests.central.events.live import Live, db_events, newest_event_id

# Category 3 (roads) is handled by district administrations; this point lies in Младост (RA-15).
MLADOST = {"category_id": 3, "lat": 42.6475, "lon": 23.3817}


def test_first_event_is_stream_ready_and_a_new_case_arrives_within_a_second(quiet_live: Live) -> None:
    # quiet_live wakes streams only on commits (30 s heartbeat, 5 s poll): a fast event proves the wake-up.
    other = quiet_live.api("operator2")
    other_id = other.get("/me").json()["id"]
    with quiet_live.stream("operator") as stream:
        ready = stream.next()
        assert (ready.event, ready.id) == ("stream.ready", "0")
        assert ready.data == {"last_event_id": 0}
        case = other.create_case(description="Дупка на платното", **MLADOST)
        committed = time.monotonic()  # the POST has answered: the transaction is committed
        event = stream.next(timeout=2.0)
    assert event.at - committed < 1.0, f"event took {event.at - committed:.2f} s after the commit"

    (row,) = db_events(quiet_live.database_url)
    assert event.id == str(row.id)
    assert event.event == "case.created" == row.type
    payload = event.data
    assert payload["id"] == row.id
    assert payload["type"] == "case.created"
    assert payload["case_id"] == case["id"]
    assert payload["actor_user_id"] == other_id
    # The snapshot in the event is the case exactly as the API returned it to its creator.
    assert payload["data"]["case"] == case
    assert payload["data"]["case"]["owner_unit_code"] == "RA-15"
    assert payload["data"]["routing"]["unit_code"] == "RA-15"


def test_without_last_event_id_the_stream_starts_at_the_newest_event(live: Live) -> None:
    operator2 = live.api("operator2")
    old = [operator2.create_case(description=f"Стар сигнал {n}") for n in range(2)]
    newest = newest_event_id(live.database_url)
    with live.stream("operator") as stream:
        ready = stream.next()
        assert (ready.event, ready.id, ready.data) == ("stream.ready", str(newest), {"last_event_id": newest})
        new = operator2.create_case(description="Нов сигнал")
        event = stream.next()
    assert event.data["case_id"] == new["id"]  # nothing of the history before it
    assert new["id"] not in {c["id"] for c in old}


def test_resume_replays_exactly_the_missed_events_in_order(live: Live) -> None:
    db = live.database_url
    operator2, lead = live.api("operator2"), live.api("lead")
    with live.stream("operator") as stream:
        assert stream.next().event == "stream.ready"
        first = [operator2.create_case(description=f"Сигнал {n}") for n in range(3)]
        seen = stream.take(3)
    assert [e.data["case_id"] for e in seen] == [c["id"] for c in first]
    last_seen = seen[-1].event_id

    # While the console is away: new cases, a transfer, thread messages, a status change and an audit
    # record (a lead reading reporters), which the operator must not get.
    for n in range(3):
        operator2.create_case(description=f"Пропуснат сигнал {n}")
    moved = operator2.post(
        f"/cases/{first[0]['id']}/transfer",
        {"unit_code": "SI", "reason_code": "not_competent", "note": "към СИ"},
        version=first[0]["version"],
    )
    assert moved.status_code == 200, moved.text
    note = operator2.post(f"/cases/{first[0]['id']}/messages", {"body": "бележка", "visibility": "internal"})
    assert note.status_code == 201, note.text
    assert lead.get(f"/cases/{first[1]['id']}/reporters").status_code == 200
    triaged = operator2.post(
        f"/cases/{first[2]['id']}/status", {"status": "triaged"}, version=first[2]["version"]
    )
    assert triaged.status_code == 200, triaged.text

    missed_rows = db_events(db, after=last_seen)
    assert "audit" in {r.audience for r in missed_rows}
    expected = [r.id for r in missed_rows if r.audience != "audit"]
    assert len(expected) == 6  # 3 created, transferred, message, status

    with live.stream("operator", last_event_id=last_seen) as stream:
        ready = stream.next()
        assert (ready.event, ready.id, ready.data) == (
            "stream.ready",
            str(last_seen),
            {"last_event_id": last_seen},
        )
        replayed = stream.take(len(expected))
        # Then live again: the next event is the next new one, with nothing repeated in between.
        sentinel = operator2.create_case(description="Следващ сигнал")
        after = stream.next()
    assert [e.event_id for e in replayed] == expected
    assert [e.id for e in replayed] == [str(e.data["id"]) for e in replayed]
    assert [e.event for e in replayed] == [r.type for r in missed_rows if r.audience != "audit"]
    assert after.data["case_id"] == sentinel["id"]
    assert after.event_id == newest_event_id(db)

    # Both connections together: every event the operator may see, once each, in order.
    everything = [r.id for r in db_events(db) if r.audience != "audit"]
    assert [e.event_id for e in [*seen, *replayed, after]] == everything


def test_after_query_parameter_and_last_event_id_header(live: Live) -> None:
    operator2 = live.api("operator2")
    cases = [operator2.create_case(description=f"Сигнал {n}") for n in range(4)]
    ids = [r.id for r in db_events(live.database_url)]
    assert [r.case_id for r in db_events(live.database_url)] == [c["id"] for c in cases]

    with live.stream("operator", after=ids[0]) as stream:
        assert stream.next().data == {"last_event_id": ids[0]}
        assert [e.event_id for e in stream.take(3)] == ids[1:]
    # An EventSource reconnects to the URL it started with, plus the id it really reached: the header wins.
    with live.stream("operator", last_event_id=ids[2], after=ids[0]) as stream:
        assert stream.next().data == {"last_event_id": ids[2]}
        assert stream.next().event_id == ids[3]
    with live.stream("operator", last_event_id=0) as stream:
        assert stream.next().data == {"last_event_id": 0}
        assert [e.event_id for e in stream.take(4)] == ids


def test_concurrent_writers_every_event_arrives_once_in_id_order(live: Live) -> None:
    """Event ids are handed out in commit order, so "id > last seen" never skips a late commit."""
    db = live.database_url
    writers = [live.api(name) for name in ("operator", "operator2", "lead")]
    errors: list[BaseException] = []

    def write(api, n: int) -> None:  # type: ignore[no-untyped-def]
        try:
            for i in range(6):
                case = api.create_case(description=f"Паралелен сигнал {n}-{i}")
                posted = api.post(
                    f"/cases/{case['id']}/messages", {"body": f"бележка {i}", "visibility": "crew"}
                )
                assert posted.status_code == 201, posted.text
        except BaseException as error:  # reported below: a thread's assert would otherwise vanish
            errors.append(error)

    with live.stream("operator") as stream:
        assert stream.next().event == "stream.ready"
        threads = [threading.Thread(target=write, args=(api, n)) for n, api in enumerate(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        assert not errors, errors
        assert not any(thread.is_alive() for thread in threads)
        received = stream.take(36, timeout=15)
        received += stream.drain(quiet=1.0)
    ids = [e.event_id for e in received]
    assert ids == [r.id for r in db_events(db)]
    assert len(ids) == len(set(ids)) == 36


def test_heartbeat_comments_arrive_when_idle(live: Live) -> None:
    client, token = live.http(), live.token("operator")
    beats: list[tuple[float, str]] = []
    with client.stream("GET", "/api/v1/events", headers={"Authorization": f"Bearer {token}"}) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        started = time.monotonic()
        for line in response.iter_lines():  # each read times out after 3 s: never hangs
            if line.startswith(":"):
                beats.append((time.monotonic(), line))
            if len(beats) >= 4 or time.monotonic() - started > 6:
                break
    assert len(beats) >= 4, beats
    assert beats[0][1] == ": heartbeat"
    gaps = [later - earlier for (earlier, _), (later, _) in zip(beats, beats[1:], strict=False)]
    assert all(0.3 <= gap <= 1.2 for gap in gaps), gaps
    assert beats[0][0] - started <= 1.2


def test_events_without_a_token_is_401(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/api/v1/events")
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    response = client.get("/api/v1/events", headers={"Authorization": "Bearer not-a-token"})
    assert response.status_code == 401


def test_bad_last_event_id_is_422_before_the_stream_starts(login) -> None:  # type: ignore[no-untyped-def]
    operator = login("operator")
    for bad in ("abc", "12abc", "-1", "1.5", "9" * 30):
        response = operator.client.get("/api/v1/events", headers=operator.headers({"Last-Event-ID": bad}))
        assert response.status_code == 422, (bad, response.status_code, response.text[:200])
        assert "Last-Event-ID" in response.json()["errors"], bad
    for bad in (-1, 2**64):
        response = operator.client.get("/api/v1/events", params={"after": bad}, headers=operator.headers())
        assert response.status_code == 422, (bad, response.text[:200])
        assert "after" in response.json()["errors"]


def test_a_cursor_beyond_the_newest_event_starts_at_the_newest(live: Live) -> None:
    # E.g. a console that kept its Last-Event-ID while the database was recreated: it must not go deaf.
    operator2 = live.api("operator2")
    operator2.create_case(description="Стар сигнал")
    newest = newest_event_id(live.database_url)
    with live.stream("operator", last_event_id=newest + 1000) as stream:
        ready = stream.next()
        assert (ready.event, ready.id) == ("stream.ready", str(newest))
        new = operator2.create_case(description="Нов сигнал")
        event = stream.next()
    assert event.data["case_id"] == new["id"]
