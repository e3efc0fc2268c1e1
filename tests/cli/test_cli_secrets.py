"""No output channel of `axiom` shows a database password (issue 12, item 9).

Every URL form of tests/drivers/secret_urls.py against a closed port (a real failed
connection): the error line, the --json error, `db upgrade` and the headless `gui` never
carry the password.
"""

from __future__ import annotations

import json

import pytest

from axiom_publisher.cli import main
from tests.drivers.secret_urls import SECRET_URLS

IDS = [row[0] for row in SECRET_URLS]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.usefixtures("axiom_env")
@pytest.mark.parametrize(("name", "url", "hidden"), SECRET_URLS, ids=IDS)
def test_no_password_in_cli_errors(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    name: str,
    url: str,
    hidden: tuple[str, ...],
) -> None:
    code, out, err = _run(capsys, "--db", url, "versions")
    assert code == 3, err
    assert err.startswith("axiom: error: cannot use the database postgresql+psycopg://")
    assert "Traceback" not in err

    code, out, json_err = _run(capsys, "--db", url, "versions", "--json")
    assert code == 3 and out == ""
    error = json.loads(json_err)["error"]
    assert error["type"] == "DatabaseUnavailableError"

    code, out, upgrade_err = _run(capsys, "--db", url, "db", "upgrade")
    assert code == 3

    for variable in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(variable, raising=False)
    code, gui_out, gui_err = _run(capsys, "--db", url, "gui")  # headless: the catalogue
    assert code == 3 and "cannot use the database" in gui_err
    for shown in (err, json_err, error["message"], upgrade_err, out, gui_out, gui_err):
        for part in hidden:
            assert part not in shown, shown


@pytest.mark.usefixtures("axiom_env")
@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("postgresql+psycopg://bob:Sw0rdf1sh@127.0.0.1:abc/db", "is not valid"),
        ("postgresql+psycopg://bob:Sw0rdf1sh@127.0.0.1:99999/db", "use 1 to 65535"),
        ("postgresql+psycopg://bob:Sw0rd@f1sh@127.0.0.1:1/db", "write it as %40"),
        ("postgresql+psycopg://bob:Sw0rdf1sh@[::1/db", "is not valid"),
        ("nosuchdialect://bob:Sw0rdf1sh@host/db", "is not supported"),
        ("postgresql+nosuchdriver://bob:Sw0rdf1sh@host/db", "is not usable"),
    ],
)
def test_an_unusable_url_is_one_line_exit_2_without_its_password(
    capsys: pytest.CaptureFixture[str], url: str, words: str
) -> None:
    for extra in ((), ("--json",)):
        code, out, err = _run(capsys, "--db", url, "versions", *extra)
        assert code == 2, err
        assert err.count("\n") == 1 and "Traceback" not in err
        assert words in err and "database URL" in err
        assert "Sw0rd" not in err and "f1sh" not in err, err
