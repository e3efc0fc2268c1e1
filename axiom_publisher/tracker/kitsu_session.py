"""The Kitsu adapter's connection: the login, the timeouts and the typed errors.

One gazu client per adapter, never gazu's global one, so two trackers or two threads do not
share a login. Every request has a timeout; gazu's and requests' exceptions become AXIOM's
typed tracker errors whose messages name the tracker's address (masked) and what to do,
never the password (the library's exception is dropped from the chain: its text may quote
the request). After a 401 (an expired token) a request logs in again once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import gazu
import gazu.exception as gazu_errors
import requests

from axiom_publisher.core.errors import (
    TrackerAuthError,
    TrackerNotFoundError,
    TrackerTimeoutError,
    TrackerUnavailableError,
)
from axiom_publisher.core.secrets import mask_secrets
from axiom_publisher.tracker.credentials import Credentials

T = TypeVar("T")
S = TypeVar("S", bound="KitsuSession")
UPLOAD_PATIENCE = 10  # an upload waits 10 x [tracker] timeout: Kitsu transcodes it first


class KitsuSession:
    """A logged-in connection to one Kitsu server (the API root, e.g. https://host/api)."""

    def __init__(self, url: str, client: Any, secrets: tuple[str, ...]) -> None:
        self._url = url
        self._client = client
        self._secrets = secrets
        self._credentials: Credentials | None = None  # kept to log in again after a 401
        self._statuses: dict[str, str] | None = None  # status name (lower case) -> id
        self._people: dict[str, str] | None = None  # e-mail / full name (lower case) -> id
        self._request: Any = None  # the session's own request method (no timeout bound)
        self._timeout = 20.0

    @contextmanager
    def _patient(self) -> Iterator[None]:
        """Requests that wait UPLOAD_PATIENCE x [tracker] timeout: Kitsu transcodes an
        uploaded movie before it answers."""
        if self._request is None:
            yield
            return
        session = self._client.session
        session.request = functools.partial(self._request, timeout=self._timeout * UPLOAD_PATIENCE)
        try:
            yield
        finally:
            session.request = functools.partial(self._request, timeout=self._timeout)

    @property
    def url(self) -> str:
        return mask_secrets(self._url, self._secrets)

    @classmethod
    def log_in(cls: type[S], url: str, credentials: Credentials, *, timeout: float) -> S:
        client = gazu.client.create_client(url)
        # requests has no session-wide timeout: every call of this client's session gets one.
        session = client.session
        tracker = cls(url, client, credentials.secrets)
        tracker._request = session.request
        tracker._timeout = timeout
        session.request = functools.partial(session.request, timeout=timeout)  # type: ignore[method-assign]
        tracker._credentials = credentials
        with tracker._errors("log in"):
            tracker._log_in()
        return tracker

    def _log_in(self) -> None:
        credentials, client = self._credentials, self._client
        if credentials is None:
            raise gazu_errors.NotAuthenticatedException()
        if credentials.token:
            gazu.set_token(credentials.token, client=client)  # type: ignore[no-untyped-call]
            gazu.client.get_current_user(client=client)
        else:
            gazu.log_in(credentials.user, credentials.password, client=client)  # type: ignore[no-untyped-call]

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        where = f"the Kitsu tracker {self.url}"
        try:
            yield
        except (gazu_errors.AuthFailedException, gazu_errors.NotAuthenticatedException):
            raise TrackerAuthError(
                f"{where} refused the login (401) while trying to {doing}: check "
                "AXIOM_TRACKER_USER and AXIOM_TRACKER_PASSWORD (or AXIOM_TRACKER_TOKEN)"
            ) from None
        except gazu_errors.NotAllowedException:
            raise TrackerAuthError(
                f"{where} does not allow this user to {doing} (403): ask a Kitsu "
                "administrator for access to the project"
            ) from None
        except gazu_errors.RouteNotFoundException:
            raise TrackerNotFoundError(
                f"{where} has no such record or route (404) while trying to {doing}: check "
                "[tracker] url (the API root, e.g. https://host/api) and that the record exists"
            ) from None
        except gazu_errors.ServerErrorException:
            raise TrackerUnavailableError(
                f"{where} failed with a server error (500) while trying to {doing}: try again "
                "later or ask the tracker's administrator"
            ) from None
        except requests.Timeout:
            raise TrackerTimeoutError(
                f"{where} did not answer in time while trying to {doing}: check the server, "
                "or raise [tracker] timeout"
            ) from None
        except requests.ConnectionError:
            raise TrackerUnavailableError(
                f"{where} cannot be reached while trying to {doing}: check [tracker] url and "
                "that the server is running"
            ) from None
        except (gazu_errors.GazuException, requests.RequestException, ValueError) as error:
            raise TrackerUnavailableError(
                f"{where} gave an unexpected answer while trying to {doing} "
                f"({type(error).__name__}): check [tracker] url"
            ) from None

    def _call(self, doing: str, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        """One request; after a 401 (an expired token) the adapter logs in again ONCE and
        repeats it."""
        with self._errors(doing):
            try:
                return function(*args, client=self._client, **kwargs)
            except gazu_errors.NotAuthenticatedException:
                if self._credentials is None:
                    raise
                self._log_in()
                return function(*args, client=self._client, **kwargs)
