"""The tracker login: from the environment, else the OS keyring; never from config files.

AXIOM_TRACKER_TOKEN (an API token), or AXIOM_TRACKER_USER with AXIOM_TRACKER_PASSWORD; when
the password is not in the environment and the `keyring` package is installed, it is read
from the OS keyring under the service "axiom-tracker:URL" and the user's name. The values
are kept out of repr() so a traceback or a log line never shows them.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field

from axiom_publisher.core.errors import ConfigError

KEYRING_SERVICE = "axiom-tracker:{url}"


@dataclass(frozen=True, slots=True)
class Credentials:
    user: str = ""
    password: str = field(default="", repr=False)
    token: str = field(default="", repr=False)

    @property
    def secrets(self) -> tuple[str, ...]:
        """The values to mask wherever text leaves AXIOM."""
        return tuple(value for value in (self.password, self.token) if value)


def _keyring_password(url: str, user: str) -> str:
    try:
        keyring = importlib.import_module("keyring")
    except ImportError:
        return ""
    try:
        value = keyring.get_password(KEYRING_SERVICE.format(url=url), user)
    except Exception:  # noqa: BLE001 - any keyring backend failure means "not stored"
        return ""
    return str(value or "")


def tracker_credentials(env: Mapping[str, str], url: str) -> Credentials:
    """The credentials for the tracker at `url`; ConfigError says how to provide them."""
    token = env.get("AXIOM_TRACKER_TOKEN", "")
    if token:
        return Credentials(token=token)
    user = env.get("AXIOM_TRACKER_USER", "")
    if not user:
        raise ConfigError(
            f"no login for the tracker {url}: set AXIOM_TRACKER_USER and AXIOM_TRACKER_PASSWORD "
            "(or AXIOM_TRACKER_TOKEN) in the environment, or store the password in the OS "
            f"keyring under the service {KEYRING_SERVICE.format(url=url)!r}"
        )
    password = env.get("AXIOM_TRACKER_PASSWORD", "") or _keyring_password(url, user)
    if not password:
        raise ConfigError(
            f"no password for {user} on the tracker {url}: set AXIOM_TRACKER_PASSWORD or store "
            f"it in the OS keyring under the service {KEYRING_SERVICE.format(url=url)!r}"
        )
    return Credentials(user=user, password=password)
