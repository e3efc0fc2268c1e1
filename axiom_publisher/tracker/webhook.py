"""Posting an event to a [[notify]] receiver: a JSON body signed with HMAC-SHA256.

Headers: Content-Type application/json; X-Axiom-Event (the kind); X-Axiom-Delivery (the
event's idempotency key: the same on every retry, so a receiver can drop a repeat); with a
secret, X-Axiom-Signature `sha256=<hex HMAC-SHA256 of the body>`. 2xx is delivered; a
timeout, a refused connection, 5xx, 408 and 429 are WebhookUnavailableError (retried);
another 4xx is WebhookRefusedError (the same body will not do better). Messages name the
receiver's address with any password in it masked, never the secret.
"""

from __future__ import annotations

import hashlib
import hmac

import requests

from axiom_publisher.core.errors import WebhookRefusedError, WebhookUnavailableError
from axiom_publisher.core.secrets import mask_secrets, url_secrets

SIGNATURE_HEADER = "X-Axiom-Signature"
DELIVERY_HEADER = "X-Axiom-Delivery"
EVENT_HEADER = "X-Axiom-Event"
RETRIED_STATUSES = (408, 425, 429)


def signature(body: bytes, secret: str) -> str:
    """`sha256=` and the hex HMAC-SHA256 of `body` under `secret`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def post_event(url: str, body: bytes, *, kind: str, key: str, secret: str, timeout: float) -> int:
    """POST `body` to `url`; the receiver's HTTP status (2xx) or a typed error."""
    hidden = [*url_secrets(url), *([secret] if secret else [])]
    where = f"the webhook {mask_secrets(url, hidden)}"
    headers = {"Content-Type": "application/json", EVENT_HEADER: kind, DELIVERY_HEADER: key}
    if secret:
        headers[SIGNATURE_HEADER] = signature(body, secret)
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
    status = response.status_code
    response.close()
    if status >= 500 or status in RETRIED_STATUSES:
        raise WebhookUnavailableError(f"{where} answered HTTP {status}")
    if status >= 400:
        raise WebhookRefusedError(f"{where} refused the event: HTTP {status}")
    return status
