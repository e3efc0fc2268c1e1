"""The test run's Kitsu server answers as Kitsu and lets its admin in."""

from __future__ import annotations

import json
import urllib.request

from tests.tracker.zou_server import ZouServer


def test_the_real_zou_answers_and_logs_the_admin_in(zou: ZouServer) -> None:
    with urllib.request.urlopen(zou.url + "/", timeout=5) as response:
        assert json.load(response)["api"] == "Zou"
    body = json.dumps({"email": zou.email, "password": zou.password}).encode()
    request = urllib.request.Request(
        zou.url + "/auth/login", body, {"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        assert json.load(response)["login"] is True
