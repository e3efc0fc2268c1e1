"""PublishLayout: template checks, rendering, hostile names and safe path resolution."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from axiom_publisher.core.errors import (
    BadInputError,
    ConfigError,
    InvalidNameError,
    PathOutsideRootError,
)
from axiom_publisher.core.types import EntityKind, PublishContext
from axiom_publisher.storage import QUARANTINE_NAME, PublishLayout
from tests.storage.helpers import DEFAULT_TEMPLATE, HOSTILE_NAMES, is_under

NAME_FIELDS = ["project", "entity", "task", "product"]


def with_name(context: PublishContext, field: str, name: str) -> PublishContext:
    names = {f: str(getattr(context, f)) for f in NAME_FIELDS} | {field: name}
    return PublishContext(
        names["project"], names["entity"], names["task"], names["product"], context.entity_kind
    )


def test_default_template_renders_the_documented_paths(
    layout: PublishLayout, context: PublishContext
) -> None:
    assert layout.version_folder(context, 3) == "proj/sh010/comp/plate/v003"
    assert layout.file_name(context, 3, "exr", "1001") == "plate_v003.1001.exr"
    assert layout.file_name(context, 3, "mov") == "plate_v003.mov"
    assert layout.file_path(context, 12, "mov") == "proj/sh010/comp/plate/v012/plate_v012.mov"
    assert layout.version_folder(context, 1234) == "proj/sh010/comp/plate/v1234"
    assert layout.version_folder_depth == 5
    assert layout.quarantine_root == layout.root / QUARANTINE_NAME


def test_version_folder_regex_matches_rendered_folders_only(
    layout: PublishLayout, context: PublishContext
) -> None:
    for number in (1, 42, 999, 1000, 123456):
        name = layout.version_folder(context, number).rsplit("/", 1)[1]
        assert layout.parse_version_folder(name) == number
    for name in (
        "v01",
        "v",
        "version001",
        "v001a",
        ".v001",
        "V001",
        "v-01",
        "v001.axiom-staging-3",
    ):
        assert layout.parse_version_folder(name) is None, name


def test_staging_folder_is_a_hidden_sibling_and_parses_back(
    layout: PublishLayout, context: PublishContext
) -> None:
    folder = layout.version_folder(context, 7)
    staging = layout.staging_folder(folder, 42)
    assert staging == "proj/sh010/comp/plate/.v007.axiom-staging-42"
    assert layout.parse_staging_name(staging.rsplit("/", 1)[1]) == ("v007", 42)
    for name in ("v007", ".v007.axiom-staging-", ".v007.axiom-staging-x", ".foo.axiom-staging-1"):
        assert layout.parse_staging_name(name) is None, name
    with pytest.raises(BadInputError):
        layout.staging_folder("proj/sh010/comp/plate", 1)
    with pytest.raises(BadInputError):
        layout.staging_folder(folder, -1)


def test_a_template_with_the_product_in_the_version_folder_name(
    root: Path, context: PublishContext
) -> None:
    layout = PublishLayout(root, "{project}/{entity}/{task}/{product}_v{version:03d}/x.{ext}")
    assert layout.version_folder(context, 2) == "proj/sh010/comp/plate_v002"
    assert layout.parse_version_folder("plate_v002") == 2
    assert layout.parse_staging_name(".plate_v002.axiom-staging-9") == ("plate_v002", 9)


def test_a_template_with_a_project_prefix_and_entity_kind(root: Path) -> None:
    template = "show_{project}/{entity_kind}s/{entity}/{task}/{product}/v{version}/{product}.{ext}"
    layout = PublishLayout(root, template)
    context = PublishContext("abc", "chair", "model", "geo", EntityKind.ASSET)
    assert layout.version_folder(context, 5) == "show_abc/assets/chair/model/geo/v5"
    assert layout.file_name(context, 5, "usd") == "geo.usd"
    patterns = layout.folder_patterns("abc")
    assert patterns[0].fullmatch("show_abc") and not patterns[0].fullmatch("show_abd")
    assert layout.parse_version_folder("v5") == 5


@pytest.mark.parametrize(
    "template",
    [
        "",
        "{project}",
        "/{project}/{entity}/{task}/{product}/v{version:03d}/{product}.{ext}",
        "{project}/{entity}/{task}/{product}/v{version:03d}/{product}.exr",  # no ext
        "{project}/{entity}/{task}/{product}/{product}_v{version:03d}.{ext}",  # no version folder
        "{project}/{entity}/{task}/{product}/v{version:03d}/{frame}/{product}.{ext}",
        "{project}/{entity}/{task}/{product}/v{version:03d}/[{frame}/]{product}.{ext}",
        "{project}/{entity}/{task}/v{version:03d}/{product}.{ext}",  # no product folder
        "{project}/{entity}/{product}/v{version:03d}/{product}.{ext}",  # no task
        "{project}/v{version:03d}/{entity}/{task}/{product}/{product}.{ext}",  # version too high
        "{project}/{entity}/{task}/{product}/v{version:03d}_{version}/{product}.{ext}",
        "{project}/{entity}/{task}/{product}/v{version:3d}/{product}.{ext}",  # space padding
        "{project}/{entity}/{task}/{product}/v{version!r}/{product}.{ext}",
        "{project}/{entity}/{task}/{product}/v{version:03d}/{user}.{ext}",  # unknown field
        "{project}/../{entity}/{task}/{product}/v{version:03d}/{product}.{ext}",
        "{project}/.hidden/{entity}/{task}/{product}/v{version:03d}/{product}.{ext}",
        "{project}\\{entity}\\{task}\\{product}\\v{version:03d}\\{product}.{ext}",
        "{project}/{entity}/{task}/{product}/v{version:03d}/",
        "{project}/{entity}/{task}/{product}/v{version:03d}/{product}.{ext",  # malformed
        "{project}/{entity}/{task}/{product}/{ext}/v{version:03d}/{product}.{ext}",
        "{project}/{entity}_{task}/{product}/v{version:03d}/{product}.{ext}",  # ambiguous
        "{project}/{entity}/{task}{product}/v{version:03d}/{product}.{ext}",  # ambiguous
    ],
)
def test_unsafe_or_ambiguous_templates_are_refused(root: Path, template: str) -> None:
    with pytest.raises(ConfigError):
        PublishLayout(root, template)


@pytest.mark.parametrize("field", NAME_FIELDS)
@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_names_are_refused_or_stay_under_the_root(
    layout: PublishLayout, context: PublishContext, field: str, name: str
) -> None:
    hostile = with_name(context, field, name)
    try:
        folder = layout.version_folder(hostile, 1)
    except InvalidNameError as error:
        assert str(error)  # says why
        return
    # Accepted: it must be one plain component that resolves under the root.
    assert name in folder.split("/")
    assert is_under(layout.resolve(folder), layout.root)


def test_at_least_forty_hostile_names_are_refused(
    layout: PublishLayout, context: PublishContext
) -> None:
    refused = 0
    for name in HOSTILE_NAMES:
        try:
            layout.version_folder(with_name(context, "product", name), 1)
        except InvalidNameError:
            refused += 1
    assert refused >= 40
    assert refused == len(HOSTILE_NAMES)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_relative_paths_are_refused_or_stay_under_the_root(
    layout: PublishLayout, name: str
) -> None:
    try:
        path = layout.resolve(name)
    except PathOutsideRootError as error:
        assert str(error)
        return
    assert is_under(path, layout.root)


@pytest.mark.parametrize(
    "ext", ["", "e x r", "exr/../x", "../exr", "exr\x00", "x" * 17, "ex.r", "\u0435xr", "exr "]
)
def test_bad_extensions_are_refused(
    layout: PublishLayout, context: PublishContext, ext: str
) -> None:
    with pytest.raises(InvalidNameError):
        layout.file_name(context, 1, ext)


@pytest.mark.parametrize("frame", ["", "10a1", "../1", "1/2", "1" * 13, " 1001", "1.5"])
def test_bad_frames_are_refused(layout: PublishLayout, context: PublishContext, frame: str) -> None:
    with pytest.raises(InvalidNameError):
        layout.file_name(context, 1, "exr", frame)


def test_bad_version_numbers_are_refused(layout: PublishLayout, context: PublishContext) -> None:
    for number in (0, -1, True):
        with pytest.raises(BadInputError):
            layout.version_folder(context, number)


def test_resolve_and_relative_are_inverse(layout: PublishLayout) -> None:
    path = layout.resolve("proj/sh010/comp/plate/v001/plate_v001.mov")
    assert path == layout.root / "proj" / "sh010" / "comp" / "plate" / "v001" / "plate_v001.mov"
    assert layout.relative(path) == "proj/sh010/comp/plate/v001/plate_v001.mov"
    assert layout.resolve(".") == layout.root
    assert layout.relative(layout.root) == "."


@pytest.mark.parametrize(
    "relative",
    ["/etc/passwd", "../outside", "proj/../../outside", "proj\\..\\..", "C:/x", "a\x00", ""],
)
def test_resolve_refuses_paths_leaving_the_root(layout: PublishLayout, relative: str) -> None:
    with pytest.raises(PathOutsideRootError):
        layout.resolve(relative)


def test_relative_refuses_paths_outside_the_root(layout: PublishLayout, tmp_path: Path) -> None:
    with pytest.raises(PathOutsideRootError):
        layout.relative(tmp_path / "elsewhere" / "file.exr")
    with pytest.raises(PathOutsideRootError):
        layout.relative(layout.root / ".." / "publish-sibling")


def test_a_symlink_inside_the_root_pointing_outside_is_refused(
    layout: PublishLayout, tmp_path: Path
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    (layout.root / "proj").mkdir()
    os.symlink(outside, layout.root / "proj" / "escape")
    with pytest.raises(PathOutsideRootError, match="symbolic link"):
        layout.resolve("proj/escape/secret.txt")
    with pytest.raises(PathOutsideRootError):
        layout.resolve("proj/escape")
    with pytest.raises(PathOutsideRootError):
        layout.relative(layout.root / "proj" / "escape" / "secret.txt")


def test_a_symlink_staying_inside_the_root_is_allowed(layout: PublishLayout) -> None:
    (layout.root / "proj" / "real").mkdir(parents=True)
    os.symlink(layout.root / "proj" / "real", layout.root / "proj" / "alias")
    assert layout.resolve("proj/alias") == layout.root / "proj" / "alias"


def test_a_root_reached_through_a_symlink_works(tmp_path: Path, context: PublishContext) -> None:
    real = tmp_path / "real-root"
    real.mkdir()
    os.symlink(real, tmp_path / "linked-root")
    layout = PublishLayout(tmp_path / "linked-root", DEFAULT_TEMPLATE)
    folder = layout.version_folder(context, 1)
    assert layout.resolve(folder) == tmp_path / "linked-root" / folder
    assert layout.relative(real / folder) == folder
