"""No credential leaves AXIOM: every output of the real commands, in and out of process, with
--json and without, in success and in failure, every log record (any logger, any level)
and the text of every exception is searched for each secret of a studio configured with
them everywhere (tests/tracker/secret_studio.py), as written and URL-encoded.

The faults: the tracker refusing a wrong password (401), the tracker unreachable, the
database unreachable at the URL holding the password, a webhook receiver answering 500
(its URL holding a password), an unreachable webhook whose URL holds a token, the farm's
Redis unreachable at the URL holding its password. AXIOM writes no log file of its own:
its records go through `logging` (to stderr when nothing is configured), captured here from
every logger at DEBUG, and the farm worker's output is read from its process.
"""

from __future__ import annotations

import json
import logging
import traceback
from pathlib import Path

import pytest

from axiom_publisher.config import load_settings
from axiom_publisher.core.errors import AxiomError, WebhookUnavailableError
from axiom_publisher.publish.tracker.drain import drain
from axiom_publisher.tracker.credentials import Credentials
from axiom_publisher.tracker.kitsu import KitsuTracker
from axiom_publisher.tracker.webhook import post_event
from tests.tracker.receiver import running_receiver
from tests.tracker.secret_studio import (
    HOOK_SECRET,
    HOOK_TOKEN,
    INLINE_HOOK_SECRET,
    WRONG_TRACKER_PASSWORD,
    WRONG_TRACKER_USER,
    closed_port,
    secret_studio,
)
from tests.tracker.zou_server import ZouServer

pytestmark = pytest.mark.postgres  # the database password is a PostgreSQL login's


def _exception_text(error: BaseException) -> str:
    return "".join(traceback.format_exception(error)) + repr(error)


def test_no_credential_in_any_output_log_or_exception(
    zou: ZouServer,
    pg_url: str,
    tmp_path: Path,
    axiom_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    with secret_studio(zou, pg_url, tmp_path, axiom_env, monkeypatch, capsys) as studio:
        axiom, publish, leaks = studio.axiom, studio.publish, studio.leaks

        # the everyday commands, with --json and without
        assert axiom("tracker", "sync", "--project", "film", "--json")[0] == 0
        assert axiom("tracker", "sync", "--project", "film")[0] == 0
        code, out, err = publish("s1sh010", "--json")
        assert code == 0, err
        first = json.loads(out)
        assert publish("s1sh020")[0] == 0
        code, out, err = publish("s1sh030", "--farm", "--json")
        assert code == 0, err
        assert axiom("jobs", "--json")[0] == 0 and axiom("jobs")[0] == 0
        worker = studio.process("worker", "--burst")
        assert worker.returncode == 0, worker.stderr
        code, out, _ = axiom("jobs", "--json")
        assert [job["status"] for job in json.loads(out)] == ["done"]
        assert axiom("review", "queue", "--json")[0] == 0 and axiom("review", "queue")[0] == 0
        code, _, err = axiom("review", "needs-changes", str(first["id"]), "--note", "edges")
        assert code == 0, err
        assert axiom("versions", "--json")[0] == 0 and axiom("versions")[0] == 0
        assert axiom("db", "roles", "--json")[0] == 0 and axiom("db", "roles")[0] == 0

        # the tracker refuses a wrong password (401); then it cannot be reached
        monkeypatch.setenv("AXIOM_TRACKER_USER", WRONG_TRACKER_USER)
        monkeypatch.setenv("AXIOM_TRACKER_PASSWORD", WRONG_TRACKER_PASSWORD)
        code, _, err = axiom("tracker", "sync", "--project", "film", "--json")
        assert json.loads(err)["error"]["type"] == "TrackerAuthError"
        code, out, _ = axiom("tracker", "push", "--json")
        assert code == 1 and "refused the login (401)" in out
        pushed = studio.process("tracker", "push")
        assert pushed.returncode == 1 and "(401)" in pushed.stdout + pushed.stderr
        with pytest.raises(AxiomError) as refused:
            KitsuTracker.log_in(
                zou.url, Credentials(WRONG_TRACKER_USER, WRONG_TRACKER_PASSWORD), timeout=20
            )
        leaks.add("KitsuTracker.log_in (401)", _exception_text(refused.value))
        monkeypatch.setenv("AXIOM_TRACKER_USER", zou.email)
        monkeypatch.setenv("AXIOM_TRACKER_PASSWORD", zou.password)
        away = f'[tracker]\nurl = "http://127.0.0.1:{closed_port()}"\n'
        code, _, err = axiom("tracker", "sync", "--project", "film", "--json", layer=away)
        assert json.loads(err)["error"]["type"] == "TrackerUnavailableError"
        code, out, _ = axiom("tracker", "push", "--json", layer=away)
        assert code == 1 and "cannot be reached" in out
        assert axiom("tracker", "push", layer=away)[0] == 1

        # the tracker back: its events go out; the chat took its own at the first push; the
        # bus answers 500
        code, out, _ = axiom("tracker", "push", "--json")
        deliveries = json.loads(out)["deliveries"]
        assert {(d["target"], d["status"]) for d in deliveries} >= {
            ("tracker", "sent"), ("bus", "failed")
        }  # fmt: skip
        assert studio.chat.accepted and all(r.signed_ok for r in studio.chat.requests)
        assert studio.bus.requests and all(r.signed_ok for r in studio.bus.requests)
        assert axiom("tracker", "push")[0] == 1
        assert axiom("tracker", "status", "--json")[0] == 0
        assert axiom("tracker", "status")[0] == 0
        assert axiom("tracker", "status", "--status", "failed")[0] == 0

        # webhooks failing in the adapter itself: a 500, and no receiver at a token's URL
        gone = f"http://127.0.0.1:{closed_port()}/services/T0AXIOM/B0AXIOM/{HOOK_TOKEN}"
        hooks = ((studio.bus_url, INLINE_HOOK_SECRET), (gone, HOOK_SECRET))
        for url, secret in hooks:
            with pytest.raises(AxiomError) as failed_hook:
                post_event(url, b"{}", kind="publish", key="k", secret=secret, timeout=5)
            leaks.add(f"post_event {url.split('@')[-1][:22]}", _exception_text(failed_hook.value))

        # the database unreachable at the URL with the password
        dead_db = studio.db_url.replace(":5432/", f":{closed_port()}/")
        monkeypatch.setenv("AXIOM_DB_URL", dead_db)
        for args in (("versions", "--json"), ("versions",), ("tracker", "push", "--json"),
                     ("tracker", "status"), ("review", "queue", "--json"), ("jobs",)):  # fmt: skip
            assert axiom(*args)[0] == 3
        assert publish("s1sh040", "--json")[0] == 3
        with pytest.raises(AxiomError) as unreachable:
            drain(load_settings())
        leaks.add("drain (database unreachable)", _exception_text(unreachable.value))
        assert studio.process("tracker", "status", "--json").returncode == 3
        monkeypatch.setenv("AXIOM_DB_URL", studio.db_url)

        # the farm's Redis unreachable at the URL with its password
        redis = studio.redis
        no_redis = (
            f'[farm]\nredis_url = "{redis.url.replace(str(redis.port), str(closed_port()))}"\n'
        )
        code, _, err = publish("s1sh050", "--farm", "--json", layer=no_redis)
        assert code == 3, err

    for record in caplog.records:
        error = record.exc_info[1] if record.exc_info else None
        text = record.getMessage() + (_exception_text(error) if error else "")
        leaks.add(f"log {record.name} {record.levelname}", text)
    leaks.add("log (formatted)", caplog.text)
    leaks.check(min_texts=40)


def test_a_webhook_url_token_is_masked_in_messages_and_in_urllib3s_records(
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    tail = f"/services/T0AXIOM/B0AXIOM/{HOOK_TOKEN}?key=Query-Key-7713"
    port = closed_port()
    with pytest.raises(WebhookUnavailableError) as caught:
        post_event(f"http://127.0.0.1:{port}{tail}", b"{}", kind="publish", key="k",
                   secret=HOOK_SECRET, timeout=2)  # fmt: skip
    assert str(caught.value) == (
        f"the webhook http://127.0.0.1:{port}/services/***?*** cannot be reached (connection "
        "refused or host not found)"
    )
    with running_receiver(HOOK_SECRET) as receiver:
        url = receiver.url.replace("/hook", tail)
        assert post_event(url, b"{}", kind="publish", key="k", secret=HOOK_SECRET, timeout=5) == 200
        assert receiver.requests[0].signed_ok
    assert '"POST /services/***?*** HTTP/1.1" 200' in caplog.text
    assert HOOK_TOKEN not in caplog.text and "Query-Key-7713" not in caplog.text
