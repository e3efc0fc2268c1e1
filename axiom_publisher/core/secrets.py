"""Masking credentials in text shown to people, written to logs or returned as JSON errors.

`mask_secrets(text)` is the one function every output channel passes a database URL or an
error message through. It hides every credential form SQLAlchemy and libpq accept:

- the password of a URL's user information, `scheme://user:PASSWORD@host/db`, whatever it
  holds (`#`, `/`, `?`, `:`, a raw or percent-encoded `@`): everything from the `:` after
  the user name to the last `@` of that URL;
- `password=`, `sslpassword=` and any `*password=` key: URL query parameters
  (`?password=...`, `&PASSWORD=...`, case-insensitive) and libpq key=value strings
  (`password=secret host=db`, `password = 'a b'`, with `\\'` escapes), unquoted values up to
  the next blank, quote or `&`;
- the keyword and dictionary forms of reprs: `password='secret'`, `'password': 'secret'`.

`secrets` are extra literal values to hide wherever they occur (the password of the
configured URL, also percent-decoded, in case a library's message quotes it bare, or a query
value with blanks); values shorter than 4 characters are left to the patterns.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import unquote

MASK = "***"
MIN_LITERAL = 4  # the shortest known secret replaced wherever it occurs

# scheme://user:password@ : the password runs to the last "@" before the next blank, so a
# raw "@" (or "/", "?", "#", ":") in it is hidden too.
_USERINFO = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/?#@'\"]*:)(?P<secret>\S*)@")
# Already masked (text masked twice): *** before the ": reason" that follows a URL.
_MASKED = r"\*\*\*(?=[:\s&'\"]|$)"
_QUOTED = r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\""
# password=..., sslpassword = '...', PGPASSWORD=..., 'password': '...', "password": "..."
_KEY_VALUE = re.compile(
    r"(?P<head>(?<![A-Za-z0-9])(?P<q>['\"]?)[A-Za-z_]*password(?P=q)"
    r"(?:\s*=\s*|(?<=['\"])\s*:\s*))"
    rf"(?P<secret>{_QUOTED}|{_MASKED}|[^\s&'\"]+)",
    re.IGNORECASE,
)


def _hide_value(match: re.Match[str]) -> str:
    secret = match["secret"]
    quote = secret[0] if secret[:1] in ("'", '"') else ""
    return f"{match['head']}{quote}{MASK}{quote}"


def url_secrets(url: str) -> list[str]:
    """The passwords written in a URL or DSN, as written and percent-decoded."""
    found: list[str] = []
    _, _, query = url.partition("?")
    for parameter in query.split("&"):  # a query value runs to the next "&", blanks and all
        key, equals, value = parameter.partition("=")
        if equals and key.strip().lower().endswith("password"):
            found.append(value)
    for match in _USERINFO.finditer(url):
        found.append(match["secret"])
    for match in _KEY_VALUE.finditer(url):
        secret = match["secret"]
        if secret[:1] in ("'", '"'):
            secret = secret[1:-1]
        found.append(secret)
    decoded = [unquote(secret) for secret in found]
    return [secret for secret in dict.fromkeys(found + decoded) if secret and secret != MASK]


def mask_secrets(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with every password form (and each of `secrets`) replaced by ***."""
    # Known values first: a percent-decoded password may hold "@" or blanks the patterns
    # below would cut short.
    # Values shorter than 4 characters would mask letters all over the text; the patterns
    # below still hide them wherever they stand as a password.
    known = {secret for secret in secrets if len(secret) >= MIN_LITERAL and secret != MASK}
    for secret in sorted(known, key=len, reverse=True):
        text = text.replace(secret, MASK)
    text = _USERINFO.sub(lambda match: f"{match['head']}{MASK}@", text)
    return _KEY_VALUE.sub(_hide_value, text)
