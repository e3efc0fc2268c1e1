"""The registration files parse and validate as the hosts read them: Maya's module description,
Houdini's package JSON (with its `enable` expression) and shelf, both as checked in under
plugins/ (relative paths) and as `axiom-install` writes them (absolute paths)."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.installer.helpers import ROOT, run

PLUGINS = ROOT / "plugins"
_MOD_HEAD = re.compile(r"^\+ ((?:[A-Z]+:\S+ )*)(\S+) (\S+) (.+)$")
_MOD_CONDITIONS = {"MAYAVERSION": r"\d{4}", "PLATFORM": r"win64|mac|linux", "LOCALE": r"\w+"}
_MOD_VARIABLE = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\s*(\+?)(:?)=\s*(.*)$")
_MOD_FOLDER = re.compile(r"^(\[r\] )?(scripts|plug-ins|icons|presets|resources): (.+)$")
HOUDINI_KEYS = {"env", "path", "hpath", "enable", "load_package_once", "requires", "recommends"}


@dataclass
class MayaModule:
    name: str
    version: str
    path: Path
    variables: dict[str, list[str]] = field(default_factory=dict)


def parse_mod(path: Path) -> list[MayaModule]:
    """Maya's module description format: `+ [CONDITIONS] Name Version Path`, then
    `VAR=value`, `VAR+=value`, `VAR:=relative` (to the module path), `scripts: path` lines."""
    modules: list[MayaModule] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("+"):
            head = _MOD_HEAD.match(line)
            assert head, f"{path}:{number}: not `+ [COND:value ]Name Version Path`: {line!r}"
            for condition in head.group(1).split():
                key, _, value = condition.partition(":")
                assert re.fullmatch(_MOD_CONDITIONS[key], value), f"{path}:{number}: {condition}"
            module_path = Path(head.group(4))
            if not module_path.is_absolute():  # relative to the .mod file
                module_path = path.parent / module_path
            modules.append(MayaModule(head.group(2), head.group(3), module_path.resolve()))
            continue
        assert modules, f"{path}:{number}: a line before the first `+` entry"
        variable = _MOD_VARIABLE.match(line)
        if variable:
            name, _, relative, value = variable.groups()
            resolved = modules[-1].path / value if relative else Path(value)
            modules[-1].variables.setdefault(name, []).append(str(resolved.resolve()))
            continue
        assert _MOD_FOLDER.match(line), f"{path}:{number}: not a module line: {line!r}"
    return modules


def houdini_enabled(expression: str, version: str) -> bool:
    """Houdini's package `enable` expression for `houdini_version OP 'X.Y'` (and/or)."""
    tokens = re.findall(r"houdini_version|'[^']*'|>=|<=|==|!=|<|>|and|or|\(|\)", expression)
    assert "".join(tokens) == re.sub(r"\s+", "", expression), f"unsupported: {expression}"

    def key(text: str) -> tuple[int, ...]:
        return tuple(int(part) for part in text.split("."))

    python = " ".join(
        f"key({version!r})" if t == "houdini_version" else f"key({t})" if t[0] == "'" else t
        for t in tokens
    )
    return bool(eval(python, {"key": key}))  # the tokens above are all that can be in it


def houdini_package(path: Path) -> dict[str, str]:
    """The package's variables after Houdini's expansion (HOUDINI_PACKAGE_PATH, $VAR)."""
    package = json.loads(path.read_text(encoding="utf-8"))
    assert set(package) <= HOUDINI_KEYS, set(package) - HOUDINI_KEYS
    assert isinstance(package["load_package_once"], bool)
    variables = {"HOUDINI_PACKAGE_PATH": str(path.parent)}

    def expand(value: str) -> str:
        return re.sub(r"\$([A-Z_]+)", lambda m: variables[m.group(1)], value)

    for entry in package["env"]:
        assert isinstance(entry, dict) and len(entry) == 1, entry
        ((name, value),) = entry.items()
        if isinstance(value, dict):
            assert set(value) == {"value", "method"} and value["method"] in ("append", "prepend")
            value = value["value"]
        variables[name] = str(Path(expand(value)).resolve()) if "/" in value else expand(value)
    variables["HOUDINI_PATH"] = str(Path(expand(package["path"])).resolve())
    variables["enable"] = package["enable"]
    return variables


def shelf_scripts() -> dict[str, str]:
    tree = ElementTree.parse(PLUGINS / "houdini" / "toolbar" / "axiom.shelf")
    shelf = tree.getroot()
    assert shelf.tag == "shelfDocument"
    members = [m.get("name") for m in shelf.iter("memberTool")]
    tools = {tool.get("name"): tool for tool in shelf.iter("tool")}
    assert members == list(tools) == ["axiom_publish", "axiom_review"]
    scripts = {}
    for name, tool in tools.items():
        script = tool.find("script")
        assert script is not None and script.get("scriptType") == "python"
        scripts[str(name)] = str(script.text)
        compile(scripts[str(name)], name, "exec")
    return scripts


def menu_scripts() -> dict[str, str]:
    """The script items of plugins/houdini/MainMenuCommon.xml (Houdini's menu format)."""
    root = ElementTree.parse(PLUGINS / "houdini" / "MainMenuCommon.xml").getroot()
    assert root.tag == "mainMenu"
    (menubar,) = list(root)
    assert menubar.tag == "menuBar"
    (menu,) = list(menubar)
    assert menu.tag == "subMenu" and menu.get("id") == "axiom_menu"
    assert menu.findtext("label") == "AXIOM"
    scripts = {}
    for item in menu.iter("scriptItem"):
        code = item.findtext("scriptCode")
        assert item.findtext("label") and code, item.get("id")
        compile(code, str(item.get("id")), "exec")
        scripts[str(item.get("id"))] = code
    assert list(scripts) == ["axiom_publish", "axiom_review"]
    return scripts


def check_maya_module(mod: Path) -> None:
    (module,) = parse_mod(mod)
    assert (module.name, module.version) == ("AXIOM", "1.0")
    assert (module.path / "scripts" / "userSetup.py").is_file()  # Maya adds scripts/ itself
    (root,) = module.variables["AXIOM_ROOT"]
    assert Path(root) == ROOT
    assert module.variables["PYTHONPATH"] == [str(PLUGINS / "common")]
    assert (Path(module.variables["PYTHONPATH"][0]) / "axiom_bootstrap.py").is_file()


def check_houdini_package(package: Path) -> None:
    variables = houdini_package(package)
    assert Path(variables["AXIOM_ROOT"]) == ROOT
    assert Path(variables["PYTHONPATH"]) == PLUGINS / "common"
    assert (Path(variables["HOUDINI_PATH"]) / "scripts" / "python" / "pythonrc.py").is_file()
    assert (Path(variables["HOUDINI_PATH"]) / "toolbar" / "axiom.shelf").is_file()
    assert houdini_enabled(variables["enable"], "20.0")
    assert houdini_enabled(variables["enable"], "21.0")
    assert not houdini_enabled(variables["enable"], "19.5")  # Python 3.9: AXIOM needs 3.10


def test_the_checked_in_maya_module_resolves_relative_to_itself() -> None:
    check_maya_module(PLUGINS / "maya" / "axiom.mod")


def test_the_checked_in_houdini_package_resolves_relative_to_itself() -> None:
    check_houdini_package(PLUGINS / "houdini" / "axiom.json")


@pytest.mark.parametrize("scope", ["user", "studio"])
def test_the_installed_registrations_validate(tmp_path: Path, scope: str) -> None:
    (tmp_path / "home" / "houdini20.5").mkdir(parents=True)
    args = ["--scope", "studio", "--prefix", str(tmp_path / "s")] if scope == "studio" else []
    assert run(tmp_path, "install", *args)[0] == 0
    base = tmp_path / "s" if scope == "studio" else tmp_path / "home"
    check_maya_module(next(base.rglob("axiom.mod")))
    check_houdini_package(next(base.rglob("axiom.json")))


def test_the_validators_catch_mistakes(tmp_path: Path) -> None:
    bad = tmp_path / "bad.mod"
    bad.write_text("+AXIOM 1.0 .\n", encoding="utf-8")  # Maya needs the space after +
    with pytest.raises(AssertionError):
        parse_mod(bad)
    bad.write_text("+ PLATFORM:linux64 AXIOM 1.0 .\n", encoding="utf-8")
    with pytest.raises(AssertionError):
        parse_mod(bad)
    assert houdini_enabled("houdini_version >= '20.0' and houdini_version < '21.0'", "20.5")
    assert not houdini_enabled("houdini_version >= '20.0' and houdini_version < '21.0'", "21.0")


def test_the_shelf_has_publish_and_review_tools() -> None:
    scripts = shelf_scripts()
    assert 'run_menu_command("houdini", "Publish…")' in scripts["axiom_publish"]
    assert 'run_menu_command("houdini", "Review…")' in scripts["axiom_review"]


def test_the_houdini_menu_has_publish_and_review_items() -> None:
    scripts = menu_scripts()
    assert 'run_menu_command("houdini", "Publish…")' in scripts["axiom_publish"]
    assert 'run_menu_command("houdini", "Review…")' in scripts["axiom_review"]
