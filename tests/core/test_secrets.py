"""mask_secrets: one function hides every password form, in URLs and in any error text."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import make_url

from axiom_publisher.core.secrets import mask_secrets, url_secrets
from tests.drivers.secret_urls import SECRET, SECRET_URLS

# libpq key=value strings and the reprs libraries put in their messages
TEXT_FORMS = [
    f"host=db password={SECRET} dbname=axiom",
    f"host=db password = {SECRET} dbname=axiom",
    "host=db password='Sw0rd f1sh' dbname=axiom",
    "host=db password='Sw0rd\\' f1sh' dbname=axiom",
    f"PGPASSWORD={SECRET} axiom versions",
    f"connect(host='db', password='{SECRET}', port=1)",
    f"{{'host': 'db', 'password': '{SECRET}'}}",
    f'{{"host": "db", "Password": "{SECRET}"}}',
    f"dsn: user=bob sslpassword={SECRET}&x=1",
]


@pytest.mark.parametrize(
    ("name", "url", "hidden"), SECRET_URLS, ids=[row[0] for row in SECRET_URLS]
)
def test_urls_are_masked_alone_and_inside_error_text(
    name: str, url: str, hidden: tuple[str, ...]
) -> None:
    for text in (url, f"cannot use the database {url}: connection refused", f"URL {url!r} bad"):
        # As the database layer masks (it knows the URL), and by the patterns alone, as the
        # CLI's and the app's last line of defence does (a blank ends an unquoted value there).
        shown = [mask_secrets(text, url_secrets(url))]
        if " " not in url:
            shown.append(mask_secrets(text))
        for each in shown:
            assert "***" in each
            assert "127.0.0.1:1" in each or "127.0.0.1&" in each  # the rest stays readable
            for part in hidden:
                assert part not in each, (text, each)
    assert mask_secrets(mask_secrets(url)) == mask_secrets(url)  # masking twice changes nothing


@pytest.mark.parametrize(
    ("name", "url", "hidden"), SECRET_URLS, ids=[row[0] for row in SECRET_URLS]
)
def test_sqlalchemy_renderings_of_each_url_are_masked(
    name: str, url: str, hidden: tuple[str, ...]
) -> None:
    parsed = make_url(url)
    for text in (
        repr(parsed),
        str(parsed),
        parsed.render_as_string(hide_password=False),
        f"connect args {parsed.translate_connect_args()!r}",
        f"query {dict(parsed.query)!r}",
    ):
        shown = mask_secrets(text, url_secrets(url))
        for part in hidden:
            assert part not in shown, (text, shown)


@pytest.mark.parametrize("text", TEXT_FORMS)
def test_libpq_and_repr_forms_are_masked(text: str) -> None:
    shown = mask_secrets(text)
    assert "***" in shown
    assert "Sw0rd" not in shown and "f1sh" not in shown, shown


def test_words_about_passwords_and_urls_without_one_are_left_alone() -> None:
    for text in (
        'FATAL:  password authentication failed for user "bob"',
        "fe_sendauth: no password supplied",
        "postgresql+psycopg://bob@db:5432/axiom",
        "sqlite:////tmp/axiom.db",
        "passfile=/home/bob/.pgpass host=db",
    ):
        assert mask_secrets(text) == text


def test_a_known_secret_is_hidden_wherever_it_is_quoted() -> None:
    url = "postgresql+psycopg://bob:p%40ss%20word@db/axiom"
    assert url_secrets(url) == ["p%40ss%20word", "p@ss word"]
    assert mask_secrets("the server said: bad 'p@ss word'", url_secrets(url)) == (
        "the server said: bad '***'"
    )
