"""Does the tracker's server answer? One unauthenticated request to its API root.

Kitsu's API root answers `{"api": "Zou", "version": "0.20.x"}` without a login. No
credentials are sent or read here, so nothing secret can reach the status bar; the address
in every result and message is masked.
"""

from __future__ import annotations

import requests

from axiom_publisher.core.secrets import mask_secrets, url_secrets
from axiom_publisher.core.tracker_connection import TrackerConnection, TrackerState


def probe(kind: str, url: str, timeout: float) -> TrackerConnection:
    """REACHABLE when the server answers its API root with its name, else UNREACHABLE with
    the reason (refused, timed out, an HTTP error, not a tracker)."""
    shown = mask_secrets(url, url_secrets(url))

    def result(state: TrackerState, detail: str) -> TrackerConnection:
        return TrackerConnection(state, kind, shown, mask_secrets(detail, url_secrets(url)))

    try:
        response = requests.get(url.rstrip("/") + "/", timeout=timeout)
    except requests.Timeout:
        return result(TrackerState.UNREACHABLE, f"no answer within {timeout:g} s")
    except requests.ConnectionError:
        return result(TrackerState.UNREACHABLE, "connection refused or host not found")
    except requests.RequestException as error:
        return result(TrackerState.UNREACHABLE, type(error).__name__)
    if response.status_code >= 400:
        return result(TrackerState.UNREACHABLE, f"HTTP {response.status_code}")
    try:
        answer = response.json()
    except ValueError:
        answer = None
    if not isinstance(answer, dict) or "api" not in answer:
        return result(TrackerState.UNREACHABLE, "the address answers, but not as a tracker API")
    version = answer.get("version")
    return result(TrackerState.REACHABLE, f"{answer['api']} {version}" if version else "")
