"""Database URLs with a password in every form SQLAlchemy and libpq accept (issue 12, item 9).

Each points at 127.0.0.1:1, a closed port, so connecting fails at once with a real error.
SECRET is the part that must never be shown; the tests look for it (and for its parts) in
every output channel.
"""

from __future__ import annotations

SECRET = "Sw0rdf1sh"

# (name, URL, the strings that must not appear anywhere in what is shown)
SECRET_URLS: list[tuple[str, str, tuple[str, ...]]] = [
    ("userinfo", f"postgresql+psycopg://bob:{SECRET}@127.0.0.1:1/db", (SECRET,)),
    ("hash", f"postgresql+psycopg://bob:{SECRET}#x@127.0.0.1:1/db", (SECRET, "#x")),
    ("slash", f"postgresql+psycopg://bob:{SECRET}/x@127.0.0.1:1/db", (SECRET, "/x@")),
    ("question", f"postgresql+psycopg://bob:{SECRET}?x@127.0.0.1:1/db", (SECRET, "?x")),
    ("colon", f"postgresql+psycopg://bob:{SECRET}:x@127.0.0.1:1/db", (SECRET, ":x@")),
    (
        "hash slash question",
        "postgresql+psycopg://bob:Sw0r#d/f?1sh@127.0.0.1:1/db",
        ("Sw0r", "f?1sh"),
    ),
    (
        "percent-encoded @",
        "postgresql+psycopg://bob:Sw0r%40df1sh@127.0.0.1:1/db",
        ("Sw0r", "df1sh"),
    ),
    ("query", f"postgresql+psycopg://bob@127.0.0.1:1/db?password={SECRET}", (SECRET,)),
    (
        "query, upper case, among others",
        f"postgresql+psycopg:///db?host=127.0.0.1&port=1&user=bob&PASSWORD={SECRET}&sslmode=disable",
        (SECRET,),
    ),
    (
        "query with a blank",
        "postgresql+psycopg://bob@127.0.0.1:1/db?password=Sw0rd f1sh",
        ("Sw0rd", "f1sh"),
    ),
    ("sslpassword", f"postgresql+psycopg://bob@127.0.0.1:1/db?sslpassword={SECRET}", (SECRET,)),
    ("both", f"postgresql+psycopg://bob:{SECRET}@127.0.0.1:1/db?password={SECRET}x", (SECRET,)),
]
