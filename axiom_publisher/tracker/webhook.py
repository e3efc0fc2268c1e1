"""Posting an event to a [[notify]] receiver: a JSON body signed with HMAC-SHA256.

Headers: Content-Type application/json; X-Axiom-Event (the kind); X-Axiom-Delivery (the
event's idempotency key: the same on every retry, so a receiver can drop a repeat); with a
secret, X-Axiom-Signature `sha256=<hex HMAC-SHA256 of the body>`. 2xx is delivered; a
timeout, a refused connection, 5xx, 408 and 429 are WebhookUnavailableError (retried);
another 4xx is WebhookRefusedError (the same body will not do better). Messages name the
receiver's address with any password in it masked, never the secret; past the path's
first segment (and the query) it is masked too: a Slack- or Teams-style URL carries its
token there (`https://hooks.slack.com/services/***`). urllib3 logs each request's path at
DEBUG: while a webhook is posted, that record is masked the same way.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import threading
from urllib.parse import urlsplit

import requests

from axiom_publisher.core.errors import WebhookRefusedError, WebhookUnavailableError
from axiom_publisher.core.secrets import mask_secrets, url_secrets

SIGNATURE_HEADER = "X-Axiom-Signature"
DELIVERY_HEADER = "X-Axiom-Delivery"
EVENT_HEADER = "X-Axiom-Event"
RETRIED_STATUSES = (408, 425, 429)
_POSTING = threading.local()  # the secrets of the webhook this thread is posting to


class _MaskWebhookPaths(logging.Filter):
    """Masks the webhook's token in urllib3's request records (its path, at DEBUG)."""

    def filter(self, record: logging.LogRecord) -> bool:
        hidden = getattr(_POSTING, "hidden", None)
        if hidden:
            record.msg = mask_secrets(record.getMessage(), hidden)
            record.args = ()
        return True


logging.getLogger("urllib3.connectionpool").addFilter(_MaskWebhookPaths())


def webhook_secrets(url: str) -> list[str]:
    """What of a receiver's URL is never shown: its password, the path past its first
    segment (a Slack or Teams token) and the query."""
    parts = urlsplit(url)
    _, _, tail = parts.path.lstrip("/").partition("/")
    return [*url_secrets(url), *(part for part in (tail, parts.query) if part)]


def signature(body: bytes, secret: str) -> str:
    """`sha256=` and the hex HMAC-SHA256 of `body` under `secret`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_event(url: str, body: bytes, *, kind: str, key: str, secret: str, timeout: float) -> int:
    """POST `body` to `url`; the receiver's HTTP status (2xx) or a typed error."""
    hidden = [*webhook_secrets(url), *([secret] if secret else [])]
    where = f"the webhook {mask_secrets(url, hidden)}"
    headers = {"Content-Type": "application/json", EVENT_HEADER: kind, DELIVERY_HEADER: key}
    if secret:
        headers[SIGNATURE_HEADER] = signature(body, secret)
    _POSTING.hidden = hidden
    try:
        response = requests.post(url, data=body, headers=headers, timeout=timeout)
    except requests.Timeout:
        raise WebhookUnavailableError(f"{where} did not answer within {timeout:g} s") from None
    except requests.ConnectionError:
        raise WebhookUnavailableError(
            f"{where} cannot be reached (connection refused or host not found)"
        ) from None
    except requests.RequestException as error:
        raise WebhookUnavailableError(f"{where} failed ({type(error).__name__})") from None
    finally:
        _POSTING.hidden = None
    status = response.status_code
    response.close()
    if status >= 500 or status in RETRIED_STATUSES:
        raise WebhookUnavailableError(f"{where} answered HTTP {status}")
    if status >= 400:
        raise WebhookRefusedError(f"{where} refused the event: HTTP {status}")
    return status
