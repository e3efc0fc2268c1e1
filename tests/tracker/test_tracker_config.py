"""[tracker] settings and the tracker login, without a server."""

from __future__ import annotations

from pathlib import Path

import pytest

from axiom_publisher.config import load_settings
from axiom_publisher.core.errors import ConfigError
from axiom_publisher.tracker.credentials import Credentials, tracker_credentials

URL = "https://kitsu.studio.example/api"


def test_the_tracker_section_maps_projects_and_statuses(
    tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    config = tmp_path / "studio.toml"
    config.write_text(
        f'[tracker]\nkind = "kitsu"\nurl = "{URL}/"\ntimeout = 5\n'
        'shot_code = "{sequence}_{shot}"\n'
        '[tracker.projects.film]\nname = "The Film"\n'
        '[tracker.statuses]\napprove = "Done"\n'
    )
    tracker = load_settings(dict(axiom_env, AXIOM_STUDIO_CONFIG=str(config))).tracker
    assert (tracker.kind, tracker.url, tracker.timeout) == ("kitsu", URL, 5.0)
    assert tracker.project_name("film") == "The Film"
    assert tracker.project_name("other") == "other"
    assert tracker.shot_code == "{sequence}_{shot}"
    assert tracker.statuses["approve"] == "Done"
    assert tracker.statuses["publish"] == "Waiting For Approval"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('kind = "shotgun"\nurl = "https://x"\n', "tracker.kind='shotgun'"),
        ('kind = "kitsu"\nurl = "kitsu.local"\n', "must be the tracker's http(s) address"),
        ('kind = "kitsu"\nurl = "https://x"\ntimeout = 0\n', "tracker.timeout=0"),
        ('kind = "kitsu"\nurl = "https://x"\nshot_code = "{seq}"\n', "must contain {shot}"),
        ('password = "hunter22"\n', "tracker.password is not a setting"),
    ],
)
def test_tracker_mistakes_are_config_errors(
    tmp_path: Path, axiom_env: dict[str, str], text: str, words: str
) -> None:
    config = tmp_path / "studio.toml"
    config.write_text("[tracker]\n" + text)
    with pytest.raises(ConfigError) as caught:
        load_settings(dict(axiom_env, AXIOM_STUDIO_CONFIG=str(config)))
    assert words in str(caught.value)
    assert "hunter22" not in str(caught.value)


def test_credentials_come_from_the_environment_and_never_show() -> None:
    login = tracker_credentials(
        {"AXIOM_TRACKER_USER": "ana@studio.org", "AXIOM_TRACKER_PASSWORD": "s3cret-pw"}, URL
    )
    assert login == Credentials("ana@studio.org", "s3cret-pw")
    assert "s3cret-pw" not in repr(login)
    assert login.secrets == ("s3cret-pw",)
    token = tracker_credentials({"AXIOM_TRACKER_TOKEN": "tok-123456"}, URL)
    assert (token.token, token.user) == ("tok-123456", "")
    with pytest.raises(ConfigError, match="set AXIOM_TRACKER_USER and AXIOM_TRACKER_PASSWORD"):
        tracker_credentials({}, URL)
    with pytest.raises(ConfigError, match="no password for ana@studio.org"):
        tracker_credentials({"AXIOM_TRACKER_USER": "ana@studio.org"}, URL)
