"""Configuration mistakes are errors (issue 12, item 8): an unknown section or key, a value
of the wrong type, a file that is not TOML text each stop AXIOM with a ConfigError (exit 2)
naming the file, the section and the key, and the closest known key."""

from __future__ import annotations

from pathlib import Path

import pytest

from axiom_publisher.cli import main
from axiom_publisher.config import load_settings
from axiom_publisher.core.errors import ConfigError
from axiom_publisher.ui import app

# (file text, words the error must hold besides the file's path)
MISTAKES = [
    ('[database]\nurll = "postgresql+psycopg://db/axiom"\n', ("database.urll", "'url'")),
    ('[databse]\nurl = "postgresql+psycopg://db/axiom"\n', ("[databse]", "'database'")),
    ('url = "postgresql+psycopg://db/axiom"\n', ("url", "[database]")),
    ('[publish]\nrot = "/studio"\n', ("publish.rot", "'root'")),
    (
        '[publish]\nroot = "/studio"\ndefault_tsk = "comp"\n',
        ("publish.default_tsk", "'default_task'"),
    ),
    ("[publish]\nroot = 5\n", ("publish.root = 5", "not a string")),
    ("[publish]\nroot = { path = '/studio' }\n", ("publish.root", "not a string")),
    ('[publish]\nroot = ["/a", "/b"]\n', ("publish.root", "not a string")),
    ('[database]\nurl = ["postgresql://db/axiom"]\n', ("database.url", "not a string")),
    ('[publish]\ndedupe_hardlinks = "maybe"\n', ("publish.dedupe_hardlinks", "true or false")),
    ('publish = "x"\n', ("publish = 'x'", "must be a table")),
    ("[media]\nproxy_heigth = 540\n", ("media.proxy_heigth", "'proxy_height'")),
    ('[review]\nlead = ["ana"]\n', ("review.lead", "'leads'")),
    ("[editorial]\nhandels = 8\n", ("editorial.handels", "'handles'")),
    ("[ingest]\nworkrs = 2\n", ("ingest.workrs", "'workers'")),
    ('[ingest]\nallow_links_into = "/mnt/lib"\n', ("ingest.allow_links_into", "not a list")),
    ('[qc]\nadio = "required"\n', ("qc.adio", "'audio'")),
    ('[qc.severity]\nblack_frame = "fail"\n', ("qc.severity.black_frame", "'black_frames'")),
    ('[qc.projects.PROJ]\nadio = "required"\n', ("qc.projects.PROJ.adio", "'audio'")),
    (
        '[qc.projects.PROJ.severity]\ncolorspce = "fail"\n',
        ("qc.projects.PROJ.severity.colorspce is not a QC check", "'colorspace'"),
    ),
    (
        "[qc.projects.PROJ]\nblack_level = 'low'\n",
        ("qc.projects.PROJ.black_level", "not a number"),
    ),
    ('[[ingest.rules]]\npatern = "x"\n', ("ingest.rules[1].patern", "'pattern'")),
    (
        '[[ingest.projects.PROJ.rules]]\npattern = "x"\ntaks = "plate"\n',
        ("ingest.projects.PROJ.rules[1].taks", "'task'"),
    ),
    ("[ingest.projects.PROJ]\nrule = []\n", ("ingest.projects.PROJ.rule", "'rules'")),
    ('[tracker]\nurll = "https://kitsu"\n', ("tracker.urll", "did you mean 'url'")),
    ('[tracker.projects.film]\nnam = "Film"\n', ("tracker.projects.film.nam", "'name'")),
    ('[[notify]]\nname = "bus"\nurll = "https://hooks"\n', ("notify[1].urll", "'url'")),
    ("[notify]\nurl = 'https://hooks'\n", ("notify", "array of tables", "[[notify]]")),
    ('[roots]\nmain = "/a"\n', ("roots.main", "must be a table")),
    ('[roots.publish]\nwindws = "P:/p"\n', ("roots.publish.windws is not a platform", "'windows'")),
    ('[roots.publish]\nwindows = "publish"\n', ("roots.publish.windows", "absolute windows")),
    ('[roots.publish]\nlinux = "P:/p"\n', ("roots.publish.linux", "absolute linux")),
    ('[farm]\nredis_ur = "redis://x"\n', ("farm.redis_ur", "did you mean 'redis_url'")),
    ('[templates]\nplate = "x"\n', ("templates.plate", "did you mean 'paths'")),
    ('[templates.paths.plates]\npaht = "x"\n', ("templates.paths.plates.paht", "'path'")),
    (
        '[templates.paths.plates]\npath = "{project}/{entity}/v{version}/{product}.{ext}"\n',
        ("'plates'", "templates.paths.plates.path", "must use {task}"),
    ),
    (
        '[templates.paths.plates]\npath = "{project}/{shot}/v{version}/{product}.{ext}"\n',
        ("'plates'", "unknown fields shot"),
    ),
    ("[templates.keys.task]\npadding = 3\n", ("templates.keys.task.padding", "only {version}")),
    ("[templates.keys.version]\npadding = 'x'\n", ("templates.keys.version.padding",)),
    (
        '[templates.projects.demo.paths.renders]\npath = "{project}/v{version}/x.{ext}"\n',
        ("'renders'", "templates.projects.demo.paths.renders.path"),
    ),
    ('[plugins]\nfolder = ["x"]\n', ("plugins.folder", "did you mean 'folders'")),
    ("[plugins]\ntimeout = 'long'\n", ("plugins.timeout", "not a number")),
    ("[publish\n", ("not valid TOML", "line 1, column")),
    ('[publish]\nroot = "/a"\nroot = "/b"\n', ("not valid TOML", "line 3")),
]


@pytest.mark.parametrize(("text", "words"), MISTAKES)
def test_each_mistake_names_the_file_and_the_key(
    axiom_env: dict[str, str], tmp_path: Path, text: str, words: tuple[str, ...]
) -> None:
    config = tmp_path / "studio.toml"
    config.write_text(text, encoding="utf-8")
    for layer in ("--config", "AXIOM_STUDIO_CONFIG", "AXIOM_USER_CONFIG"):
        env = dict(axiom_env)
        if layer != "--config":
            env[layer] = str(config)
        with pytest.raises(ConfigError) as caught:
            load_settings(env, config_file=config if layer == "--config" else None)
        message = str(caught.value)
        assert str(config) in message, message
        for word in words:
            assert word in message, message
        assert caught.value.exit_code == 2


def test_a_binary_file_is_refused(axiom_env: dict[str, str], tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe")
    with pytest.raises(ConfigError, match="is not UTF-8 text") as caught:
        load_settings(axiom_env, config_file=config)
    assert str(config) in str(caught.value)


def test_the_packaged_defaults_and_every_documented_key_are_accepted(
    axiom_env: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "full.toml"
    config.write_text(
        '[database]\nurl = "sqlite:///x.db"\n'
        '[publish]\nroot = "/r"\nlease_seconds = 60\ndedupe_hardlinks = false\n'
        'identical = "allow"\n'
        '[qc]\nblack_level = 0\naudio = "any"\n[qc.severity]\nblack_frames = "fail"\n'
        "[qc.projects.PROJ]\nfps_tolerance = 0.5\n"
        '[qc.projects.PROJ.severity]\ncolorspace = "fail"\n'
        "[media]\nproxy_height = 540\nkeyframe_seconds = 2\n"
        '[review]\nleads = ["ana"]\n[editorial]\nhandles = 8\n'
        "[ingest]\nworkers = 2\n[[ingest.projects.PROJ.rules]]\n"
        'pattern = "(?P<shot>x)"\ntask = "plate"\n',
        encoding="utf-8",
    )
    settings = load_settings(axiom_env, config_file=config)
    assert settings.publish_root == Path("/r") and settings.media.proxy_height == 540
    assert settings.qc.for_project("PROJ").fps_tolerance == 0.5


@pytest.mark.parametrize(
    "text",
    [
        '[database]\nurll = "postgresql+psycopg://db/axiom"\n',
        "[publish]\nroot = 5\n",
        'publish = "x"\n',
    ],
)
def test_the_cli_and_the_app_say_it_in_one_line_with_exit_2(
    axiom_env: dict[str, str],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    text: str,
) -> None:
    config = tmp_path / "bad.toml"
    config.write_text(text, encoding="utf-8")
    for extra in ((), ("--json",)):
        assert main(["--config", str(config), "versions", *extra]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and str(config) in err and "Traceback" not in err
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert app.main(["--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("axiom-publisher: error: ") and str(config) in err
    assert err.count("\n") == 1


def test_the_app_refuses_a_database_url_with_a_bad_port(
    axiom_env: dict[str, str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert app.main(["--db", "postgresql+psycopg://bob:Sw0rdf1sh@db:abc/axiom"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("axiom-publisher: error: the database URL ") and "is not valid" in err
    assert "Sw0rdf1sh" not in err and err.count("\n") == 1
