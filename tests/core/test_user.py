"""The user name recorded on versions and notes."""

from __future__ import annotations

import getpass

import pytest

from axiom_publisher.core.user import current_user


def test_axiom_user_names_the_user(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AXIOM_USER", "  comp.artist ")
    assert current_user() == "comp.artist"


def test_the_login_name_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AXIOM_USER", raising=False)
    monkeypatch.setattr(getpass, "getuser", lambda: "lead")
    assert current_user() == "lead"

    def no_login() -> str:
        raise OSError("no passwd entry")

    monkeypatch.setattr(getpass, "getuser", no_login)
    assert current_user() == "unknown"
