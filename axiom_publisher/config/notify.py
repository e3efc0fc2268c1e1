"""The [[notify]] entries: webhooks AXIOM calls, through the outbox, when things happen.

    [[notify]]
    name = "pipeline-bus"                 # the outbox target; unique
    url = "https://hooks.studio.example/axiom"
    events = ["publish", "review", "ingest_run", "qc_fail"]   # default: all of them
    secret_env = "AXIOM_NOTIFY_BUS_SECRET"   # or secret = "..." (a studio-only file)
    timeout = 10                          # seconds per request

    [[notify]]                            # a Slack- or Teams-style incoming webhook
    name = "slack"
    url = "https://hooks.slack.com/services/T000/B000/XXXX"
    events = ["publish", "review"]
    template = '{"text": "$summary"}'    # $summary, $kind, $project, $entity, $version...

The body is JSON: AXIOM's event (kind, key, payload), or the template with each $name
replaced by the payload's value, escaped for a JSON string. With a secret, the header
X-Axiom-Signature carries `sha256=` and the HMAC-SHA256 of the body under the secret.
"""

from __future__ import annotations

import json
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from axiom_publisher.config.values import LIST, NUMBER, TEXT, Kind, reject_unknown, table
from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.outbox import EVENT_KINDS, TRACKER_TARGET

NOTIFY_KEYS = ("name", "url", "events", "secret", "secret_env", "template", "timeout")
NOTIFY_TYPES: Mapping[str, Kind] = {
    "name": TEXT,
    "url": TEXT,
    "events": LIST,
    "secret": TEXT,
    "secret_env": TEXT,
    "template": TEXT,
    "timeout": NUMBER,
}
TEMPLATE_SAMPLE = {
    "summary": 'a "quoted" summary',
    "kind": "publish",
    "key": "publish:1",
}


@dataclass(frozen=True, slots=True)
class NotifyTarget:
    name: str
    url: str
    events: tuple[str, ...] = EVENT_KINDS
    secret: str = field(default="", repr=False)
    secret_env: str = ""
    template: str = ""
    timeout: float = 10.0

    def wants(self, kind: str) -> bool:
        return kind in self.events

    def signing_secret(self, env: Mapping[str, str]) -> str:
        """The secret to sign with: `secret`, else the variable `secret_env` names."""
        return self.secret or (env.get(self.secret_env, "") if self.secret_env else "")


def _events(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return EVENT_KINDS
    if not isinstance(value, list) or not value:
        raise ConfigError(f"{where}.events must be a list of {', '.join(EVENT_KINDS)}")
    for kind in value:
        if kind not in EVENT_KINDS:
            raise ConfigError(
                f"{where}.events: {kind!r} is not an event; use some of {', '.join(EVENT_KINDS)}"
            )
    return tuple(dict.fromkeys(str(kind) for kind in value))


def fill_template(template: str, values: Mapping[str, Any]) -> str:
    """`template` with each $name replaced by `values[name]` escaped for a JSON string
    (numbers and lists as their JSON text); unknown $names are left as they are."""
    escaped = {
        key: json.dumps(value if isinstance(value, str) else json.dumps(value))[1:-1]
        for key, value in values.items()
    }
    return string.Template(template).safe_substitute(escaped)


def _check_template(template: str, where: str) -> None:
    """A template must give JSON once its $names are filled in."""
    try:
        filled = fill_template(template, TEMPLATE_SAMPLE)
    except ValueError as error:
        raise ConfigError(f"{where}.template is not a template ({error})") from None
    try:
        json.loads(filled)
    except ValueError as error:
        raise ConfigError(
            f"{where}.template does not give JSON ({error.args[0]}); write the body with "
            '$names inside JSON strings, e.g. \'{"text": "$summary"}\''
        ) from None


def _entry(raw: Any, number: int) -> NotifyTarget:
    where = f"notify[{number}]"
    values = table(raw, where)
    reject_unknown(values, NOTIFY_KEYS, where, "notify")
    name = values.get("name")
    if not isinstance(name, str) or not name.strip() or len(name) > 64:
        raise ConfigError(f"{where}.name must be a short name (the outbox target), up to 64")
    if name == TRACKER_TARGET:
        raise ConfigError(f"{where}.name={name!r} is the tracker's target; choose another name")
    url = str(values.get("url", ""))
    if not url.startswith(("http://", "https://")):
        raise ConfigError(f"{where}.url must be the receiver's http(s) address")
    timeout = values.get("timeout", 10.0)
    if isinstance(timeout, bool) or not isinstance(timeout, int | float) or timeout <= 0:
        raise ConfigError(f"{where}.timeout={timeout!r} must be a number of seconds above 0")
    template = str(values.get("template", ""))
    if template:
        _check_template(template, where)
    return NotifyTarget(
        name=name,
        url=url,
        events=_events(values.get("events"), where),
        secret=str(values.get("secret", "")),
        secret_env=str(values.get("secret_env", "")),
        template=template,
        timeout=float(timeout),
    )


def parse_notify_settings(raw: Any) -> tuple[NotifyTarget, ...]:
    """Validate the merged [[notify]] entries; names must be unique."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ConfigError("notify must be an array of tables: write [[notify]] for each webhook")
    targets = tuple(_entry(entry, number) for number, entry in enumerate(raw, start=1))
    names = [target.name for target in targets]
    for name in names:
        if names.count(name) > 1:
            raise ConfigError(f"two [[notify]] entries are named {name!r}; names must differ")
    return targets
