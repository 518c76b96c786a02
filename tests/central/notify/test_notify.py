"""Telling the caller the tracking number: a real SMTP server on loopback, an SMS plug-in, failures."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest

from central.config import Settings
from central.notify.messages import Notice, email_body, local_deadline, sms_text
from central.notify.sms import HttpSmsGateway, LogSmsGateway, gateway_from_settings, mask_number
from tests.central.notify.plugins import RecordingGateway

CALLER = {"name": "Мария Иванова", "phone": "0888 123 456", "email": "maria@example.org"}
PERSONAL = ("Мария", "+359888123456", "0888 123 456", "maria@example.org")


def new_case(operator: Any, notify: list[str], reporter: dict[str, str] | None = None, **extra: Any) -> Any:
    body = {
        "channel": "phone",
        "category_id": 3,  # roads: Младост's district administration for this point
        "description": "Дупка на платното",
        "lat": 42.6475,
        "lon": 23.3817,
        "reporter": CALLER if reporter is None else reporter,
        "notify": notify,
        **extra,
    }
    return operator.post("/cases", body)


def assert_no_personal_data(events: list[dict[str, Any]]) -> None:
    text = json.dumps([e["data"] for e in events], ensure_ascii=False)
    for secret in PERSONAL:
        assert secret not in text


def test_the_caller_gets_an_email_with_the_tracking_number(
    operator: Any, mailbox: Any, wait_for_event: Any
) -> None:
    response = new_case(operator, ["email"])
    assert response.status_code == 201, response.text
    case = response.json()

    (sent,) = wait_for_event(case["id"], "case.notification_sent", "case.notification_failed")
    assert sent["type"] == "case.notification_sent" and sent["data"] == {"channel": "email"}
    assert sent["actor_user_id"] is None
    (message,) = mailbox.messages
    assert mailbox.recipients == [["maria@example.org"]]
    assert case["tracking_number"] in message["Subject"]
    body = message.get_content()
    assert case["tracking_number"] in body
    assert "Младост" in body  # the owner unit
    assert local_deadline(datetime.fromisoformat(case["due_at"])) in body  # the deadline, in Sofia time
    assert message["From"] == "Call Sofia <noreply@callsofia.example>"
    assert_no_personal_data(wait_for_event(case["id"], "case.created", "case.notification_sent"))

    timeline = operator.get(f"/cases/{case['id']}").json()["timeline"]
    assert [e["type"] for e in timeline] == ["case.created", "case.notification_sent"]


def test_the_caller_gets_an_sms_through_the_plugin(operator: Any, wait_for_event: Any) -> None:
    case = new_case(operator, ["sms"]).json()
    (sent,) = wait_for_event(case["id"], "case.notification_sent")
    assert sent["data"] == {"channel": "sms"}
    ((to, text),) = RecordingGateway.sent
    assert to == "+359888123456"
    assert case["tracking_number"] in text and "Младост" in text


def test_both_channels_and_a_replay_sends_nothing_twice(
    operator: Any, mailbox: Any, wait_for_event: Any
) -> None:
    body = {
        "channel": "phone",
        "category_id": 3,
        "description": "Дупка",
        "lat": 42.6475,
        "lon": 23.3817,
        "reporter": CALLER,
        "notify": ["sms", "email"],
    }
    key = {"Idempotency-Key": "notify-once-0001"}
    case = operator.post("/cases", body, headers=key).json()
    assert len(wait_for_event(case["id"], "case.notification_sent")) >= 1
    time.sleep(0.2)
    assert operator.post("/cases", body, headers=key).status_code == 200  # the console retried
    time.sleep(0.3)
    sent = wait_for_event(case["id"], "case.notification_sent")
    assert sorted(e["data"]["channel"] for e in sent) == ["email", "sms"]
    assert len(mailbox.messages) == 1 and len(RecordingGateway.sent) == 1


def test_a_refusing_smtp_server_is_recorded_and_the_case_is_still_filed(
    operator: Any, mailbox: Any, wait_for_event: Any
) -> None:
    mailbox.refuse = True
    response = new_case(operator, ["email"])
    assert response.status_code == 201
    case = response.json()
    (failed,) = wait_for_event(case["id"], "case.notification_failed")
    assert failed["data"] == {"channel": "email", "error": "SMTPDataError"}
    assert operator.get(f"/cases/{case['id']}").status_code == 200
    assert_no_personal_data([failed])


def test_the_answer_does_not_wait_for_a_slow_mail_server(
    operator: Any, mailbox: Any, wait_for_event: Any
) -> None:
    mailbox.delay = 2.0
    started = time.monotonic()
    response = new_case(operator, ["email"])
    elapsed = time.monotonic() - started
    assert response.status_code == 201
    assert elapsed < 1.5, elapsed
    assert wait_for_event(response.json()["id"], "case.notification_sent", timeout=10.0)


@pytest.mark.parametrize(
    ("notify", "reporter", "extra", "expected"),
    [
        (["sms"], {"name": "Мария"}, {}, "valid phone number"),
        (["sms"], {"phone": "12"}, {}, "valid phone number"),
        (["sms"], {"phone": "02 981 2345"}, {}, "mobile number"),  # a Sofia landline
        (["email"], {"phone": "0888 123 456"}, {}, "reporter.email"),
        (["sms"], {"name": ""}, {"anonymous": True}, "anonymous"),
    ],
)
def test_a_notification_needs_where_to_send_it(
    operator: Any, notify: list[str], reporter: dict[str, str], extra: dict[str, Any], expected: str
) -> None:
    response = new_case(operator, notify, reporter, **extra)
    assert response.status_code == 422, response.text
    assert expected in response.json()["errors"]["notify"]


def test_an_unknown_channel_is_refused(operator: Any) -> None:
    response = new_case(operator, ["pigeon"])
    assert response.status_code == 422 and "notify.0" in response.json()["errors"]


class TestWithoutSmtp:
    @pytest.fixture
    def app(self, database_url: str, clock: Any, tmp_path: Any) -> Any:
        from central.app import create_app

        return create_app(Settings(database_url=database_url, attachments_dir=tmp_path), clock)

    def test_email_without_a_configured_server_is_a_recorded_failure(
        self, operator: Any, wait_for_event: Any
    ) -> None:
        case = new_case(operator, ["email", "sms"]).json()
        events = wait_for_event(case["id"], "case.notification_failed", "case.notification_sent")
        time.sleep(0.2)
        events = wait_for_event(case["id"], "case.notification_failed", "case.notification_sent")
        assert {(e["type"], e["data"]["channel"]) for e in events} == {
            ("case.notification_failed", "email"),
            ("case.notification_sent", "sms"),  # the default log gateway
        }
        (failed,) = [e for e in events if e["type"] == "case.notification_failed"]
        assert failed["data"]["error"] == "NotConfigured"


class TestBrokenSmsProvider:
    @pytest.fixture
    def sms_gateway(self) -> str:
        return "tests.central.notify.plugins:BrokenGateway"

    def test_it_is_recorded(self, operator: Any, wait_for_event: Any) -> None:
        case = new_case(operator, ["sms"]).json()
        (failed,) = wait_for_event(case["id"], "case.notification_failed")
        assert failed["data"] == {"channel": "sms", "error": "ConnectionError"}


# --- the parts on their own ---------------------------------------------------------------------------------


NOTICE = Notice(
    case_id=1,
    tracking_number="SOF-2026-000123",
    category="Пътна инфраструктура",
    unit="Район Младост",
    due_at=datetime(2026, 12, 9, 15, 30, tzinfo=UTC),
    channels=("sms",),
    phone_e164="+359888123456",
)


def test_texts_carry_the_number_the_unit_and_the_local_deadline() -> None:
    assert sms_text(NOTICE) == (
        "Столична община: сигналът Ви е приет с номер SOF-2026-000123. "
        "Отговаря: Район Младост. Срок: 09.12.2026 17:30."
    )
    body = email_body(NOTICE)
    assert "SOF-2026-000123" in body and "Пътна инфраструктура" in body and "09.12.2026 17:30" in body


class _Recorder(BaseHTTPRequestHandler):
    received: list[tuple[dict[str, str], dict[str, Any]]] = []
    status = 202

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        _Recorder.received.append((dict(self.headers), json.loads(self.rfile.read(length))))
        self.send_response(_Recorder.status)
        self.end_headers()

    def log_message(self, *_args: Any) -> None:
        pass


def test_the_http_gateway_posts_json_with_the_bearer_token() -> None:
    server = HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_port}/sms"
        gateway = gateway_from_settings(
            Settings(database_url="sqlite://", sms_gateway="http", sms_url=url, sms_token="s3cret")
        )
        assert isinstance(gateway, HttpSmsGateway)
        _Recorder.received.clear()
        gateway.send("+359888123456", "Сигнал SOF-2026-000123")
        ((headers, body),) = _Recorder.received
        assert headers["Authorization"] == "Bearer s3cret"
        assert headers["Content-Type"].startswith("application/json")
        assert body == {"to": "+359888123456", "text": "Сигнал SOF-2026-000123"}
        _Recorder.status = 500
        with pytest.raises(RuntimeError, match="HTTP 500"):
            gateway.send("+359888123456", "x")
    finally:
        _Recorder.status = 202
        server.shutdown()
        server.server_close()


def test_gateway_names() -> None:
    def gateway(name: str, **values: Any) -> Any:
        return gateway_from_settings(Settings(database_url="sqlite://", sms_gateway=name, **values))

    assert isinstance(gateway("log"), LogSmsGateway)
    assert isinstance(gateway("tests.central.notify.plugins:RecordingGateway"), RecordingGateway)
    with pytest.raises(ValueError, match="CENTRAL_SMS_URL"):
        gateway("http")
    with pytest.raises(ValueError, match="log, http or"):
        gateway("carrier-pigeon")
    with pytest.raises(ModuleNotFoundError):
        gateway("no.such.module:Gateway")
    with pytest.raises(AttributeError):
        gateway("tests.central.notify.plugins:NoSuchClass")
    assert mask_number("+359888123456") == "+3598*****456"


def test_settings_read_the_notification_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in {
        "CENTRAL_SMTP_HOST": "mail.example.org",
        "CENTRAL_SMTP_PORT": "2525",
        "CENTRAL_SMTP_USER": "callsofia",
        "CENTRAL_SMTP_PASSWORD": "pw",
        "CENTRAL_SMTP_STARTTLS": "false",
        "CENTRAL_SMTP_FROM": "noreply@example.org",
        "CENTRAL_SMS_GATEWAY": "http",
        "CENTRAL_SMS_URL": "https://sms.example.org/send",
        "CENTRAL_SMS_TOKEN": "t",
        "CENTRAL_MAX_ATTACHMENT_BYTES": "1000",
        "CENTRAL_ATTACHMENTS_DIR": "/srv/photos",
    }.items():
        monkeypatch.setenv(name, value)
    settings = Settings.from_env(database_url="sqlite://")
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_starttls) == (
        "mail.example.org",
        2525,
        False,
    )
    assert (settings.smtp_user, settings.smtp_password, settings.smtp_from) == (
        "callsofia",
        "pw",
        "noreply@example.org",
    )
    assert (settings.sms_gateway, settings.sms_url, settings.sms_token) == (
        "http",
        "https://sms.example.org/send",
        "t",
    )
    assert settings.max_attachment_bytes == 1000
    assert str(settings.attachments_folder()) == "/srv/photos"


def test_the_default_attachments_folder_sits_next_to_a_sqlite_database() -> None:
    assert (
        str(Settings(database_url="sqlite:////data/central.sqlite3").attachments_folder())
        == "/data/attachments"
    )
    assert Settings(database_url="postgresql://db/central").attachments_folder().name == "attachments"
