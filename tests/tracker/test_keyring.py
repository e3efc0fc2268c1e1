"""The tracker password from the OS keyring (the `keyring` package, with keyrings.alt's
file backend standing in for the desktop's Secret Service): `axiom tracker sync` logs in to
the test run's real Kitsu with only AXIOM_TRACKER_USER in the environment; a wrong stored
password is refused as a login error; nothing stored says where to store it. The password
never appears in the output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from axiom_publisher.tracker.credentials import KEYRING_SERVICE
from tests.tracker.kitsu_data import build_film
from tests.tracker.zou_server import ZouServer

BACKEND = "keyrings.alt.file.PlaintextKeyring"


def _env(tmp_path: Path, axiom_env: dict[str, str], user: str) -> dict[str, str]:
    env = {k: v for k, v in axiom_env.items() if not k.startswith("AXIOM_TRACKER_")}
    env.update(
        PYTHON_KEYRING_BACKEND=BACKEND,
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),  # where the file backend keeps its store
        AXIOM_TRACKER_USER=user,
    )
    return env


def _store(env: dict[str, str], service: str, user: str, password: str) -> None:
    script = "import keyring, sys; keyring.set_password(sys.argv[1], sys.argv[2], sys.argv[3])"
    subprocess.run([sys.executable, "-c", script, service, user, password], env=env, check=True)


def _sync(env: dict[str, str], tmp_path: Path, config: Path) -> subprocess.CompletedProcess[str]:
    command = [
        sys.executable, "-m", "axiom_publisher", "--db", f"sqlite:///{tmp_path / 'axiom.db'}",
        "--config", str(config), "tracker", "sync", "--project", "film", "--dry-run", "--json",
    ]  # fmt: skip
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)


def test_the_password_comes_from_the_os_keyring(
    zou: ZouServer, tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    film = build_film(zou)
    config = tmp_path / "studio.toml"
    config.write_text(
        f'[tracker]\nkind = "kitsu"\nurl = "{zou.url}"\ntimeout = 10\n'
        f'[tracker.projects.film]\nname = "{film.name}"\n',
        encoding="utf-8",
    )
    env = _env(tmp_path, axiom_env, zou.email)
    created = subprocess.run(
        [sys.executable, "-m", "axiom_publisher", "--db", f"sqlite:///{tmp_path / 'axiom.db'}",
         "project", "create", "film"], env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert created.returncode == 0, created.stderr
    service = KEYRING_SERVICE.format(url=zou.url)

    nothing = _sync(env, tmp_path, config)
    assert nothing.returncode == 2
    assert f"store it in the OS keyring under the service {service!r}" in nothing.stderr

    _store(env, service, zou.email, "not-the-password")
    wrong = _sync(env, tmp_path, config)
    assert wrong.returncode == 2, wrong.stderr
    assert "not-the-password" not in wrong.stdout + wrong.stderr

    _store(env, service, zou.email, zou.password)
    assert os.listdir(tmp_path / "xdg-data"), "the file backend really stored it"
    synced = _sync(env, tmp_path, config)
    assert synced.returncode == 0, synced.stderr
    plan = json.loads(synced.stdout)
    assert len(plan["shots"]["new"]) == 30
    assert zou.password not in synced.stdout + synced.stderr
