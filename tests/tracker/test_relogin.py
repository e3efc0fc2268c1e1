"""A 401 from the real Kitsu (its token revoked on the server): the adapter logs in again
once and the request goes through; when that login is refused too, a named TrackerAuthError
without the password."""

from __future__ import annotations

import uuid

import gazu
import pytest

from axiom_publisher.core.errors import TrackerAuthError
from axiom_publisher.core.outbox import event_marker
from axiom_publisher.tracker.credentials import Credentials
from axiom_publisher.tracker.kitsu import KitsuTracker
from tests.tracker.kitsu_data import admin_client
from tests.tracker.zou_server import ZouServer


def _task(zou: ZouServer) -> str:
    client = admin_client(zou)
    project = gazu.project.new_project(f"Relogin {uuid.uuid4().hex[:8]}", client=client)
    sequence = gazu.shot.new_sequence(project, "sq010", client=client)
    shot = gazu.shot.new_shot(project, sequence, "sh010", client=client)
    (compositing,) = [
        t for t in gazu.task.all_task_types(client=client) if t["name"] == "Compositing"
    ]
    return str(gazu.task.new_task(shot, compositing, client=client)["id"])


def _revoke(tracker: KitsuTracker) -> str:
    """Log the adapter's token out on the server, keeping it on the client (as an expired
    token stays on a client): its next request is answered 401."""
    client = tracker._client
    tokens = dict(client.tokens)
    gazu.log_out(client=client)
    client.tokens = tokens
    return str(tokens["access_token"])


def test_a_revoked_token_logs_in_again_once(zou: ZouServer) -> None:
    task = _task(zou)
    tracker = KitsuTracker.log_in(zou.url, Credentials(zou.email, zou.password), timeout=60)
    comment = tracker.add_comment(task, "wfa", f"hello {event_marker('test:1')}")
    revoked = _revoke(tracker)
    assert tracker.comment_markers(task) == {"test:1": comment}  # 401, log in, again: 200
    assert tracker._client.tokens["access_token"] != revoked

    tracker._credentials = Credentials(zou.email, "Wrong-Password-123")
    _revoke(tracker)
    with pytest.raises(TrackerAuthError) as caught:
        tracker.comment_markers(task)
    assert "refused the login (401)" in str(caught.value)
    assert "Wrong-Password-123" not in str(caught.value) and zou.password not in str(caught.value)
