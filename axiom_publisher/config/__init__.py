"""Layered settings.

Lowest first: packaged defaults (resources/defaults.toml) < studio file named by
AXIOM_STUDIO_CONFIG < user file (platformdirs user config folder, or AXIOM_USER_CONFIG)
< AXIOM_* environment variables < the CLI's --config FILE and flags.

With no configuration at all AXIOM runs on the embedded default: a SQLite database and a
publish root in the user's data folder (AXIOM_DATA_DIR moves that folder).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import platformdirs

from axiom_publisher.config.editorial import EditorialSettings, parse_editorial_settings
from axiom_publisher.config.farm import (
    FARM_PASSWORD_VARIABLE,
    FarmSettings,
    parse_farm_settings,
)
from axiom_publisher.config.ingest import IngestSettings, parse_ingest_settings
from axiom_publisher.config.media import MediaSettings, parse_media_settings
from axiom_publisher.config.notify import NotifyTarget, parse_notify_settings
from axiom_publisher.config.permissions import parse_permissions
from axiom_publisher.config.plugins import PluginSettings, parse_plugin_settings
from axiom_publisher.config.publish import check_layer, parse_identical
from axiom_publisher.config.qc import QCSettings, build_spec, parse_qc_settings
from axiom_publisher.config.review import ReviewSettings, parse_review_settings
from axiom_publisher.config.roots import check_roots_layer, parse_roots
from axiom_publisher.config.schema import check_document
from axiom_publisher.config.templates import check_templates_layer, parse_templates
from axiom_publisher.config.tracker import TrackerSettings, parse_tracker_settings
from axiom_publisher.config.values import merge
from axiom_publisher.core.catalog import IdenticalPolicy
from axiom_publisher.core.errors import ConfigError
from axiom_publisher.core.path_templates import TemplateSet
from axiom_publisher.core.permissions import AreaPermissions
from axiom_publisher.core.roots import PUBLISH_ROOT, RootSet

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 hosts
    import tomli as tomllib

__all__ = [
    "EditorialSettings",
    "IngestSettings",
    "MediaSettings",
    "QCSettings",
    "ReviewSettings",
    "Settings",
    "build_spec",
    "data_dir",
    "load_settings",
    "parse_editorial_settings",
    "parse_ingest_settings",
    "parse_media_settings",
    "parse_qc_settings",
    "parse_review_settings",
    "qc_settings_for",
    "user_config_file",
]

APP_NAME = "axiom-publisher"

# (section, key) -> environment variable
ENVIRONMENT = {
    ("database", "url"): "AXIOM_DB_URL",
    ("publish", "root"): "AXIOM_PUBLISH_ROOT",
    ("publish", "path_template"): "AXIOM_PATH_TEMPLATE",
    ("publish", "default_task"): "AXIOM_DEFAULT_TASK",
    ("publish", "lease_seconds"): "AXIOM_LEASE_SECONDS",
    ("publish", "dedupe_hardlinks"): "AXIOM_DEDUPE_HARDLINKS",
    ("publish", "identical"): "AXIOM_IDENTICAL",
    ("review", "leads"): "AXIOM_REVIEW_LEADS",
    ("farm", "redis_url"): "AXIOM_FARM_REDIS_URL",
}


@dataclass(frozen=True, slots=True)
class Settings:
    """The effective configuration, with the layers it came from."""

    db_url: str
    publish_root: Path
    path_template: str
    default_task: str
    lease_seconds: int
    dedupe_hardlinks: bool
    layers: tuple[str, ...]
    identical: IdenticalPolicy = IdenticalPolicy.WARN  # content already published
    # [publish] group / folder_mode / file_mode: what AXIOM creates in the publish area.
    permissions: AreaPermissions = field(default_factory=AreaPermissions)
    qc: QCSettings = field(default_factory=QCSettings)
    media: MediaSettings = field(default_factory=MediaSettings)
    review: ReviewSettings = field(default_factory=ReviewSettings)
    editorial: EditorialSettings = field(default_factory=EditorialSettings)
    ingest: IngestSettings = field(default_factory=IngestSettings)
    tracker: TrackerSettings = field(default_factory=TrackerSettings)
    farm: FarmSettings = field(default_factory=FarmSettings)
    plugins: PluginSettings = field(default_factory=PluginSettings)
    notify: tuple[NotifyTarget, ...] = ()  # [[notify]] webhooks
    # [roots]: named roots per platform, and the platform whose paths this machine shows.
    roots: RootSet = field(default_factory=RootSet)
    # [templates] with [publish] path_template as "default"; None: that template alone.
    templates: TemplateSet | None = None
    # True when no root is configured: the embedded default in the user's data folder,
    # which AXIOM sets up by itself (a configured root must be set up with `axiom root init`).
    default_root: bool = False

    @property
    def embedded(self) -> bool:
        return self.db_url.startswith("sqlite")


def data_dir(env: Mapping[str, str]) -> Path:
    """The user's data folder: the embedded database and the default publish root."""
    override = env.get("AXIOM_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def user_config_file(env: Mapping[str, str]) -> Path:
    override = env.get("AXIOM_USER_CONFIG")
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def _read_toml(path: Path, what: str) -> dict[str, Any]:
    try:
        with open(path, "rb") as stream:
            layer = tomllib.load(stream)
        check_document(layer, f"the {what} {path}")
        check_layer(layer, f"the {what} {path}")
        check_roots_layer(layer, f"the {what} {path}")
        check_templates_layer(layer, f"the {what} {path}")
        return layer
    except UnicodeDecodeError as error:
        raise ConfigError(
            f"the {what} {path} is not UTF-8 text (byte {error.start} cannot be read); "
            "a configuration file is TOML text"
        ) from None
    except FileNotFoundError as error:
        raise ConfigError(f"the {what} {path} does not exist") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"the {what} {path} is not valid TOML: {error}") from error
    except OSError as error:
        raise ConfigError(f"the {what} {path} cannot be read: {error.strerror}") from error


def _parse_bool(text: str, variable: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{variable}={text!r} is not a boolean; use true or false")


def load_settings(
    env: Mapping[str, str] | None = None,
    config_file: Path | None = None,
    db_url: str | None = None,
    publish_root: Path | None = None,
) -> Settings:
    """Merge every layer into Settings. The keyword arguments are the CLI's flags."""
    env = os.environ if env is None else env
    merged: dict[str, Any] = {}
    layers = ["defaults"]
    defaults = resources.files("axiom_publisher.resources").joinpath("defaults.toml")
    packaged = tomllib.loads(defaults.read_text(encoding="utf-8"))
    # A key added to defaults.toml must also be declared in its theme module's *_KEYS.
    check_document(packaged, f"the packaged defaults {defaults}")
    merge(merged, packaged)

    studio = env.get("AXIOM_STUDIO_CONFIG")
    if studio:
        merge(merged, _read_toml(Path(studio).expanduser(), "studio config (AXIOM_STUDIO_CONFIG)"))
        layers.append(f"studio:{studio}")
    user = user_config_file(env)
    if user.is_file():
        merge(merged, _read_toml(user, "user config"))
        layers.append(f"user:{user}")

    for (section, key), variable in ENVIRONMENT.items():
        if variable in env:
            if variable == "AXIOM_IDENTICAL":
                parse_identical(env[variable], f"the environment variable {variable}")
            merged.setdefault(section, {})[key] = env[variable]
            layers.append(f"env:{variable}")

    if config_file is not None:
        merge(merged, _read_toml(config_file, "config file (--config)"))
        layers.append(f"file:{config_file}")
    if db_url:
        merged["database"]["url"] = db_url
        layers.append("flag:--db")
    if publish_root is not None:
        merged["publish"]["root"] = str(publish_root)
        layers.append("flag:--root")

    return _settings_from(merged, env, tuple(layers))


def _settings_from(
    merged: dict[str, Any], env: Mapping[str, str], layers: tuple[str, ...]
) -> Settings:
    database = merged.get("database", {})
    publish = merged.get("publish", {})
    home = data_dir(env)
    url = str(database.get("url") or "")
    if not url:
        url = f"sqlite:///{home / 'axiom.db'}"
    root_text = str(publish.get("root") or "")
    roots = parse_roots(merged.get("roots"), env)
    root_text = _publish_root_text(root_text, roots, layers)
    root = Path(root_text).expanduser() if root_text else home / "publish"

    lease = publish.get("lease_seconds", 600)
    try:
        lease_seconds = int(lease)
    except (TypeError, ValueError) as error:
        raise ConfigError(
            f"publish.lease_seconds={lease!r} is not a whole number of seconds"
        ) from error
    if lease_seconds < 5:
        raise ConfigError(f"publish.lease_seconds={lease_seconds} is too short; use at least 5")

    dedupe = publish.get("dedupe_hardlinks", True)
    if isinstance(dedupe, str):
        dedupe = _parse_bool(dedupe, "publish.dedupe_hardlinks")

    return Settings(
        db_url=url,
        publish_root=root.absolute(),
        path_template=str(publish.get("path_template")),
        default_task=str(publish.get("default_task") or "main"),
        lease_seconds=lease_seconds,
        dedupe_hardlinks=bool(dedupe),
        layers=layers,
        identical=parse_identical(publish.get("identical", "warn"), "the configuration"),
        permissions=parse_permissions(publish, "the configuration"),
        qc=parse_qc_settings(merged.get("qc", {})),
        media=parse_media_settings(merged.get("media", {})),
        review=parse_review_settings(merged.get("review", {})),
        editorial=parse_editorial_settings(merged.get("editorial", {})),
        ingest=parse_ingest_settings(merged.get("ingest", {})),
        tracker=parse_tracker_settings(merged.get("tracker", {})),
        farm=parse_farm_settings(merged.get("farm", {}), env.get(FARM_PASSWORD_VARIABLE)),
        plugins=parse_plugin_settings(merged.get("plugins", {})),
        notify=parse_notify_settings(merged.get("notify")),
        roots=_with_publish_root(roots, root, root_text),
        templates=parse_templates(merged.get("templates"), str(publish.get("path_template"))),
        default_root=not root_text,
    )


def _publish_root_text(root_text: str, roots: RootSet, layers: tuple[str, ...]) -> str:
    """[roots.publish] on this machine is the publish root, unless --root or
    AXIOM_PUBLISH_ROOT says otherwise; with [publish] root in a file too it is ambiguous."""
    found = roots.get(PUBLISH_ROOT)
    if found is None or "flag:--root" in layers or "env:AXIOM_PUBLISH_ROOT" in layers:
        return root_text
    if root_text:
        raise ConfigError(
            f"[publish] root = {root_text!r} and [roots.{PUBLISH_ROOT}] both name the publish "
            f"root; keep [roots.{PUBLISH_ROOT}] (one path per platform) and remove the other"
        )
    local = found.on(roots.running)
    if local is None:
        raise ConfigError(
            f"[roots.{PUBLISH_ROOT}] has no {roots.running} path for this machine; add "
            f"{roots.running} = ... to it"
        )
    return str(local)


def _with_publish_root(roots: RootSet, root: Path, root_text: str) -> RootSet:
    """The roots with the publish root in them (as this machine has it) when [roots] does
    not name it, so its paths are shown and translated like the others'."""
    if roots.get(PUBLISH_ROOT) is not None or not root_text:
        return roots
    from axiom_publisher.core.roots import Root  # noqa: PLC0415 - one use

    own = Root(PUBLISH_ROOT, {roots.running: str(root.absolute())})
    return RootSet((*roots.roots, own), roots.platform, roots.running)


def qc_settings_for(settings: Settings, project_code: str | None) -> QCSettings:
    """The QC settings of a project: the [qc] section with its [qc.projects.<CODE>] merged."""
    return settings.qc.for_project(project_code)
