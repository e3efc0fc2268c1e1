"""[tracker.tasks] and [tracker.people] (studio names -> the tracker's), without a server."""

from __future__ import annotations

from pathlib import Path

import pytest

from axiom_publisher.config import load_settings
from axiom_publisher.config.tracker import TrackerSettings
from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.tracker import TrackerProject, TrackerSnapshot, TrackerTaskType
from axiom_publisher.core.tracker_names import NameMap
from axiom_publisher.core.tracker_plan import check_task_mapping, unknown_people

HEAD = '[tracker]\nkind = "kitsu"\nurl = "https://kitsu.studio.example/api"\n'
MAPPING = (
    '[tracker.tasks]\ncomp = "Compositing"\nroto = "Roto"\n'
    '[tracker.people]\njdoe = "jane.doe@studio.com"\nbob = "robert.smith@studio.com"\n'
    '[tracker.projects.film]\nname = "The Film"\n'
    '[tracker.projects.film.tasks]\ncomp = "Comp"\nlight = "Lighting"\n'
    '[tracker.projects.film.people]\nbob = "bob@vendor.example"\n'
    '[tracker.projects.ad.tasks]\nroto = "Paint"\n'
)


def _tracker(tmp_path: Path, env: dict[str, str], text: str) -> TrackerSettings:
    config = tmp_path / "studio.toml"
    config.write_text(HEAD + text)
    return load_settings(dict(env, AXIOM_STUDIO_CONFIG=str(config))).tracker


def test_the_studio_mapping_and_each_projects_own_keys_over_it(
    tmp_path: Path, axiom_env: dict[str, str]
) -> None:
    tracker = _tracker(tmp_path, axiom_env, MAPPING)
    studio = tracker.names_for("other")
    assert studio.task_type("comp") == "Compositing" and studio.task_type("COMP") == "Compositing"
    assert studio.person("jdoe") == "jane.doe@studio.com"
    film = tracker.names_for("film")
    assert film.task_type("comp") == "Comp"  # the project's key wins
    assert film.task_type("roto") == "Roto"  # the studio's where the project says nothing
    assert film.task_type("light") == "Lighting"
    assert film.person("bob") == "bob@vendor.example"
    assert film.person("jdoe") == "jane.doe@studio.com"
    assert tracker.project_name("film") == "The Film"
    assert tracker.project_name("ad") == "ad"  # a project table without a name: its code
    assert tracker.names_for("ad").task_type("roto") == "Paint"
    assert tracker.names.sources("film") == {
        "comp": "tracker.projects.film.tasks.comp",
        "roto": "tracker.tasks.roto",
        "light": "tracker.projects.film.tasks.light",
    }
    # no mapping: the default rules, as before
    assert _tracker(tmp_path, axiom_env, "").names_for("film") == NameMap()


def test_mapped_names_replace_the_default_rules_only_where_mapped() -> None:
    names = NameMap(
        tasks={"comp": "Compositing", "cmp": "Compositing"},
        people={"jdoe": "jane.doe@studio.com"},
    )
    assert names.is_task_of("comp", "Compositing") and names.is_task_of("Comp", "compositing")
    assert not names.is_task_of("comp", "Comp")  # mapped: only its type
    assert names.is_task_of("Lighting", "Lighting")  # unmapped: the default rule
    assert names.is_task_of("Look_Dev", "Look Dev")
    assert not names.is_task_of("lgt", "Lighting")
    assert names.task_for("Compositing") == "comp"  # the first studio name mapped to it
    assert names.task_for("Look Dev") == "Look_Dev"
    assert names.is_assignee("jdoe", "Jane.Doe@studio.com")
    # a mapped login is its mapped person only, never the address it would match by default
    assert not names.is_assignee("jdoe", "jdoe@studio.com")
    assert names.is_assignee("ana", "ana@studio.com")  # unmapped: the default rule
    assert names.assigned_to("JDOE", ["x@studio.com", "jane.doe@studio.com"])
    assert names.person("ana") is None


def _snapshot(*types: str, people: tuple[str, ...] = ()) -> TrackerSnapshot:
    used = (TrackerTaskType("1", "Compositing", "Shot"),)
    project = TrackerProject("p", "P")
    return TrackerSnapshot(project, (), (), (), used, (), all_task_types=types, people=people)


def test_people_the_tracker_lacks_are_named_with_their_keys() -> None:
    people = ("Jane Doe", "jane.doe@studio.com")
    mapping = {"jdoe": "JANE.DOE@studio.com", "jd": "Jane Doe", "ghost": "ghost@x.example"}
    keys = {"ghost": "tracker.projects.film.people.ghost"}
    found = unknown_people(_snapshot(people=people), mapping, keys)
    assert found == (("tracker.projects.film.people.ghost", "ghost@x.example"),)
    assert unknown_people(_snapshot(), mapping, keys) == ()  # the tracker listed nobody


def test_a_mapping_to_a_task_type_the_tracker_lacks_names_the_key_and_the_types() -> None:
    snapshot = _snapshot("Animation", "Compositing", "Roto")
    check_task_mapping(snapshot, {"comp": "compositing", "roto": "Roto"}, {})  # any case
    with pytest.raises(ConfigError) as caught:
        check_task_mapping(
            snapshot,
            {"comp": "Compositing", "roto": "Rotoscoping"},
            {"roto": "tracker.projects.film.tasks.roto"},
        )
    text = str(caught.value)
    assert "tracker.projects.film.tasks.roto = 'Rotoscoping' is not a task type" in text
    assert "its task types: Animation, Compositing, Roto" in text


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('[tracker.tasks]\n"comp shot" = "Compositing"\n', "tracker.tasks.comp shot: the key"),
        ('[tracker.tasks]\ncomp = ""\n', "tracker.tasks.comp='' must be the name of one"),
        ("[tracker.tasks]\ncomp = 3\n", "tracker.tasks.comp=3 must be the name"),
        ('[tracker.people]\njdoe = ""\n', "tracker.people.jdoe='' must be the tracker person"),
        ('tasks = "comp"\n', "tracker.tasks must be a table"),
        (
            '[tracker.projects.film]\nname = "F"\n[tracker.projects.film.people]\nbob = 1\n',
            "tracker.projects.film.people.bob=1",
        ),
        ('[tracker.projects.film]\nroles = "x"\n', "tracker.projects.film.roles is not"),
    ],
)
def test_mapping_mistakes_are_config_errors_naming_the_key(
    tmp_path: Path, axiom_env: dict[str, str], text: str, words: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        _tracker(tmp_path, axiom_env, text)
    assert words in str(caught.value)
