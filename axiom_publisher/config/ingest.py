"""The [ingest] section: naming rules of deliveries, the QC policy, workers, the drop folder.

```toml
[ingest]
settle_seconds = 60      # a watched delivery is ingested once unchanged this long
workers = 0              # items analysed at once; 0 = the machine's cores
on_qc_fail = "fail"      # fail: the item is not published | publish: published, recorded
[[ingest.rules]]
pattern = '(?P<shot>[a-z]{2}\\d{3})_(?P<product>plate|ref)'
task = "plate"
[[ingest.projects.PROJ.rules]]   # tried before the studio's rules for PROJ
pattern = '...'
```
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from axiom_publisher.config.values import LIST, NUMBER, TEXT, WHOLE, Kind, reject_unknown, table
from axiom_publisher.core.errors import AxiomError, ConfigError
from axiom_publisher.core.ingest import IngestRule
from axiom_publisher.core.types import EntityKind

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 hosts
    import tomli as tomllib

INGEST_KEYS = ("rules", "settle_seconds", "workers", "on_qc_fail", "projects", "allow_links_into")
RULE_KEYS = ("pattern", "kind", "task", "product")
QC_FAIL_POLICIES = ("fail", "publish")
INGEST_TYPES: Mapping[str, Kind] = {
    "settle_seconds": NUMBER,
    "workers": WHOLE,
    "on_qc_fail": TEXT,
    "allow_links_into": LIST,
}
RULE_TYPES: Mapping[str, Kind] = {"pattern": TEXT, "kind": TEXT, "task": TEXT, "product": TEXT}


@dataclass(frozen=True, slots=True)
class IngestSettings:
    rules: tuple[IngestRule, ...] = ()
    settle_seconds: float = 60.0
    workers: int = 0  # 0: os.cpu_count()
    on_qc_fail: str = "fail"
    projects: Mapping[str, tuple[IngestRule, ...]] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    # Trees that symbolic links in a delivery may point into (absolute paths); a link that
    # resolves anywhere else outside the delivery is refused.
    allow_links_into: tuple[Path, ...] = ()

    def rules_for(self, project: str) -> list[IngestRule]:
        """The project's own rules first, then the studio's: the first match wins."""
        return [*self.projects.get(project, ()), *self.rules]


def parse_rules(raw: Any, where: str) -> tuple[IngestRule, ...]:
    """A TOML array of rule tables (`[[rules]]`) as IngestRules; errors name the entry."""
    if not isinstance(raw, list):
        raise ConfigError(f"{where} must be an array of tables ([[{where}]]), not {raw!r}")
    rules = []
    for number, entry in enumerate(raw, start=1):
        at = f"{where}[{number}]"
        values = table(entry, at)
        reject_unknown(values, RULE_KEYS, at, "rule")
        pattern = values.get("pattern")
        if not isinstance(pattern, str) or not pattern:
            raise ConfigError(f"{at}.pattern must be a regular expression, not {pattern!r}")
        kind_text = str(values.get("kind", "shot"))
        if kind_text not in (EntityKind.SHOT.value, EntityKind.ASSET.value):
            raise ConfigError(f"{at}.kind={kind_text!r} is not shot or asset")
        task = values.get("task", "plate")
        product = values.get("product")
        if not isinstance(task, str) or not (product is None or isinstance(product, str)):
            raise ConfigError(f"{at}: task and product must be names (strings)")
        rule = IngestRule(pattern, EntityKind(kind_text), task, product)
        try:
            rule.compiled()
        except AxiomError as error:
            raise ConfigError(f"{at}: {error}") from None
        rules.append(rule)
    return tuple(rules)


def parse_ingest_settings(raw: Any) -> IngestSettings:
    """Validate the merged [ingest] table; errors name the key and what it accepts."""
    values = table(raw, "ingest")
    reject_unknown(values, INGEST_KEYS, "ingest", "known")
    settle = values.get("settle_seconds", 60)
    if isinstance(settle, bool) or not isinstance(settle, (int, float)) or settle < 0:
        raise ConfigError(f"ingest.settle_seconds={settle!r} is not a number of seconds >= 0")
    workers = values.get("workers", 0)
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 0:
        raise ConfigError(f"ingest.workers={workers!r} is not a whole number >= 0 (0 = cores)")
    policy = values.get("on_qc_fail", "fail")
    if policy not in QC_FAIL_POLICIES:
        raise ConfigError(
            f"ingest.on_qc_fail={policy!r} is not one of {', '.join(QC_FAIL_POLICIES)}"
        )
    projects: dict[str, tuple[IngestRule, ...]] = {}
    for code, section in table(values.get("projects", {}), "ingest.projects").items():
        where = f"ingest.projects.{code}"
        section = table(section, where)
        reject_unknown(section, ("rules",), where, "project ingest")
        projects[code] = parse_rules(section.get("rules", []), f"{where}.rules")
    return IngestSettings(
        rules=parse_rules(values.get("rules", []), "ingest.rules"),
        settle_seconds=float(settle),
        workers=workers,
        on_qc_fail=str(policy),
        projects=MappingProxyType(projects),
        allow_links_into=parse_link_trees(values.get("allow_links_into", [])),
    )


def parse_link_trees(raw: Any) -> tuple[Path, ...]:
    """`[ingest] allow_links_into`: a list of absolute folder paths."""
    where = "ingest.allow_links_into"
    if not isinstance(raw, list):
        raise ConfigError(
            f'{where} must be a list of absolute paths (["/mnt/library"]), not {raw!r}'
        )
    trees = []
    for entry in raw:
        if not isinstance(entry, str) or not entry:
            raise ConfigError(f"{where}: {entry!r} is not a path (a string)")
        path = Path(entry).expanduser()
        if not path.is_absolute():
            raise ConfigError(
                f"{where}: {entry!r} is not an absolute path; name the tree from / "
                '(e.g. "/mnt/library")'
            )
        if path == Path(path.anchor):
            raise ConfigError(f"{where}: {entry!r} would allow links to anywhere; name a tree")
        trees.append(path)
    return tuple(trees)


def read_rules_file(path: Path) -> tuple[IngestRule, ...]:
    """The `[[rules]]` of a TOML file (`axiom ingest --rules FILE`), instead of the config's."""
    try:
        with open(path, "rb") as stream:
            document = tomllib.load(stream)
    except FileNotFoundError as error:
        raise ConfigError(f"the rules file {path} does not exist") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"the rules file {path} is not valid TOML: {error}") from error
    except OSError as error:
        raise ConfigError(f"the rules file {path} cannot be read: {error.strerror}") from error
    reject_unknown(document, ("rules",), str(path), "rules file")
    if "rules" not in document:
        raise ConfigError(f'the rules file {path} has no [[rules]] (pattern = "...")')
    return parse_rules(document["rules"], "rules")
