"""The [review] section: who may decide on versions (approve, ask for changes, reject)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from axiom_publisher.config.values import LIST, TEXT, Kind, reject_unknown, table
from axiom_publisher.core.errors import ConfigError

REVIEW_KEYS = ("leads", "lead_role")
REVIEW_TYPES: Mapping[str, Kind] = {"leads": LIST + TEXT, "lead_role": TEXT}
# A PostgreSQL role name as AXIOM accepts it: a plain identifier, no quoting needed.
_ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]{0,62}$")


@dataclass(frozen=True, slots=True)
class ReviewSettings:
    """Leads by user name, and the PostgreSQL role whose members are leads (empty: none)."""

    leads: tuple[str, ...] = ()
    lead_role: str = "axiom_lead"


def parse_review_settings(raw: Any) -> ReviewSettings:
    """Validate the merged [review] table; errors name the key and what it accepts."""
    values = table(raw, "review")
    reject_unknown(values, REVIEW_KEYS, "review", "review")
    leads = values.get("leads", [])
    if isinstance(leads, str):  # AXIOM_REVIEW_LEADS="ana, bo" or leads = "ana"
        leads = [name for name in (part.strip() for part in leads.split(",")) if name]
    if not isinstance(leads, list) or not all(
        isinstance(name, str) and name.strip() for name in leads
    ):
        raise ConfigError(f'review.leads={leads!r} must be a list of user names, e.g. ["ana"]')
    role = values.get("lead_role", "axiom_lead")
    if not isinstance(role, str) or (role and not _ROLE_NAME.match(role)):
        raise ConfigError(
            f"review.lead_role={role!r} must be a PostgreSQL role name such as axiom_lead "
            "(letters, digits and _; empty for none)"
        )
    return ReviewSettings(
        leads=tuple(dict.fromkeys(name.strip() for name in leads)), lead_role=role
    )
