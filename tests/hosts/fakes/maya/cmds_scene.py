"""maya.cmds, the scene half: file, attributes, node listing, render settings, workspace,
units, render layers, colour management, about. Each command checks it runs on the main
thread, takes long or short flag names and raises what Maya raises (TypeError for an
unknown flag, ValueError for a name that matches nothing, RuntimeError for a refusal).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.hosts.fakes.maya.flags import flags, no_object
from tests.hosts.fakes.maya.scene import MAYA_VERSION, FakeMayaScene

TIME_UNITS = ("game", "film", "pal", "ntsc", "show", "palf", "ntscf", "hour", "min", "sec")
TIME_UNITS += ("millisec", "23.976fps", "29.97fps", "29.97df", "47.952fps", "59.94fps")
_FPS_UNIT = re.compile(r"\d+fps")
_IMAGE_FORMATS = {3: "tif", 7: "iff", 8: "jpg", 19: "tga", 32: "png", 40: "exr"}
_TOKEN = re.compile(r"<(\w+)>")


class SceneCommands:
    def __init__(self, scene: FakeMayaScene) -> None:
        self._scene = scene

    # --- file ------------------------------------------------------------------------------

    def file(self, *args: Any, **kwargs: Any) -> Any:
        scene = self._scene
        scene.check_main_thread("file")
        f = flags(
            "file",
            kwargs,
            "query/q sceneName/sn shortName/shn modified/mf save/s rename/rn type/typ force/f "
            "reference/r",
        )
        if f.get("query") and f.get("reference"):  # the referenced files, `{n}` for copies
            return list(scene.references)
        if f.get("query"):
            if f.get("sceneName"):
                name = scene.scene_name
                return name.rsplit("/", 1)[-1] if f.get("shortName") else name
            if f.get("modified"):
                return scene.modified
            raise RuntimeError("file: query which flag?")
        if "rename" in f:
            path = str(f["rename"]).replace("\\", "/")
            if not path.startswith("/") and not re.match(r"[A-Za-z]:/", path):
                path = f"{scene.workspace_root}{scene.file_rules['scene']}/{path}"
            scene.scene_name = path
            return path
        if f.get("save"):
            return self._save(str(f.get("type", "")))
        raise TypeError(f"file: unsupported use {args!r} {kwargs!r}")

    def _save(self, file_type: str) -> str:
        scene = self._scene
        if not scene.scene_name:
            raise RuntimeError("file: the scene is untitled; rename it (file -rename) first")
        path = Path(scene.scene_name)
        if not path.parent.is_dir():
            raise RuntimeError(f"file: cannot save {path}: the folder does not exist")
        kind = file_type or ("mayaAscii" if path.suffix == ".ma" else "mayaBinary")
        lines = [f"//Maya ASCII {MAYA_VERSION} scene", f"//Name: {path.name}", f"//{kind}"]
        for node in scene.nodes.values():
            lines.append(f'createNode {node.type} -n "{node.name}";')
            lines += [f"\tsetAttr .{k} {v!r};" for k, v in sorted(node.attrs.items())]
        path.write_text("\n".join(lines) + "\n// End\n", encoding="utf-8")
        scene.modified = False
        scene.saved_paths.append(scene.scene_name)
        return scene.scene_name

    # --- attributes and nodes ----------------------------------------------------------

    def getAttr(self, attribute: str, **kwargs: Any) -> Any:  # noqa: N802 - Maya's name
        self._scene.check_main_thread("getAttr")
        flags("getAttr", kwargs, "type/typ")
        node, attr = self._split(attribute)
        value = node.attrs[attr]
        return type(value).__name__ if kwargs else value

    def setAttr(self, attribute: str, *values: Any, **kwargs: Any) -> None:  # noqa: N802
        self._scene.check_main_thread("setAttr")
        f = flags("setAttr", kwargs, "type/typ")
        node, attr = self._split(attribute)
        value = values[0] if len(values) == 1 else tuple(values)
        if isinstance(value, str) and f.get("type") != "string":
            raise RuntimeError(f"setAttr: a string value for {attribute} needs type='string'")
        node.attrs[attr] = value
        self._scene.modified = True

    def _split(self, attribute: str) -> tuple[Any, str]:
        name, _, attr = attribute.partition(".")
        node = self._scene.nodes.get(name)
        if node is None or attr not in node.attrs:
            raise no_object(attribute)
        return node, attr

    def ls(self, *names: str, **kwargs: Any) -> list[str]:
        self._scene.check_main_thread("ls")
        f = flags("ls", kwargs, "type/typ long/l")
        types = f.get("type")
        wanted = {types} if isinstance(types, str) else set(types or ())
        found = [n for n in self._scene.nodes.values() if not names or n.name in names]
        return [n.name for n in found if not wanted or n.type in wanted]

    def listRelatives(self, node: str, **kwargs: Any) -> list[str] | None:  # noqa: N802
        scene = self._scene
        scene.check_main_thread("listRelatives")
        f = flags("listRelatives", kwargs, "parent/p children/c shapes/s fullPath/f")
        name = node.rsplit("|", 1)[-1]
        if name not in scene.nodes:
            raise no_object(node)
        if f.get("parent"):
            parent = scene.nodes[name].parent
            result = [parent] if parent else []
        else:
            result = [n.name for n in scene.nodes.values() if n.parent == name]
        return result or None  # Maya answers None, not [], when there is nothing

    # --- render settings ---------------------------------------------------------------

    def renderSettings(self, **kwargs: Any) -> list[str]:  # noqa: N802
        scene = self._scene
        scene.check_main_thread("renderSettings")
        f = flags(
            "renderSettings",
            kwargs,
            "firstImageName/fin lastImageName/lin fullPath/fp layer/l camera/cam "
            "genericFrameImageName/gin leaveUnmatchedTokens/lut",
        )
        attrs = scene.nodes["defaultRenderGlobals"].attrs
        layer = f.get("layer") or scene.current_layer
        if scene.nodes.get(layer) is None or scene.nodes[layer].type != "renderLayer":
            raise RuntimeError(f"renderSettings: {layer} is not a render layer")
        camera = self._camera_transform(f.get("camera"))
        name = self._image_name(layer, camera)
        extension = attrs["imfPluginKey"] or _IMAGE_FORMATS.get(attrs["imageFormat"], "iff")
        if "genericFrameImageName" in f:
            name = f"{name}.{f['genericFrameImageName']}"
        elif attrs["animation"] and (f.get("firstImageName") or f.get("lastImageName")):
            frame = round(attrs["startFrame" if f.get("firstImageName") else "endFrame"])
            name = f"{name}.{frame:0{attrs['extensionPadding']}d}"
        elif not (f.get("firstImageName") or f.get("lastImageName")):
            return []
        name = f"{name}.{extension}"
        if f.get("fullPath"):
            rule = scene.file_rules["images"].rstrip("/")
            absolute = rule.startswith("/") or re.match(r"[A-Za-z]:/", rule)
            name = f"{rule if absolute else scene.workspace_root + rule}/{name}"
        return [name]

    def _camera_transform(self, camera: str | None) -> str:
        nodes = self._scene.nodes
        if camera is None:
            shapes = [n for n in nodes.values() if n.type == "camera" and n.attrs["renderable"]]
            return (shapes[0].parent or shapes[0].name) if shapes else "persp"
        node = nodes.get(camera)
        if node is None:
            raise RuntimeError(f"renderSettings: camera {camera} does not exist")
        return (node.parent or camera) if node.type == "camera" else camera

    def _image_name(self, layer: str, camera: str) -> str:
        """imageFilePrefix with its tokens expanded; as Maya does, several renderable layers
        (or cameras) without a <RenderLayer> (or <Camera>) token get their own folders."""
        scene = self._scene
        prefix = scene.nodes["defaultRenderGlobals"].attrs["imageFilePrefix"] or "<Scene>"
        renderable = [n for n in scene.nodes.values() if n.attrs.get("renderable")]
        layers = [n for n in renderable if n.type == "renderLayer"]
        cameras = [n for n in renderable if n.type == "camera"]
        if len(cameras) > 1 and "<Camera>" not in prefix:
            prefix = f"<Camera>/{prefix}"
        if len(layers) > 1 and not {"RenderLayer", "Layer"} & set(_TOKEN.findall(prefix)):
            prefix = f"<RenderLayer>/{prefix}"
        scene_file = scene.scene_name.rsplit("/", 1)[-1]
        values = {
            "Scene": scene_file.rsplit(".", 1)[0] if scene_file else "untitled",
            "RenderLayer": _layer_token(layer),
            "Layer": _layer_token(layer),
            "Camera": camera.rsplit("|", 1)[-1].replace(":", "_"),
            "Version": "",
        }
        return _TOKEN.sub(lambda m: values.get(m.group(1), ""), prefix)

    # --- workspace, units, layers, colour, about ----------------------------------------

    def workspace(self, *args: Any, **kwargs: Any) -> Any:
        scene = self._scene
        scene.check_main_thread("workspace")
        f = flags("workspace", kwargs, "query/q rootDirectory/rd fileRuleEntry/fre fullName/fn")
        if "fileRuleEntry" in f:
            return scene.file_rules.get(f["fileRuleEntry"], "")
        if f.get("query") and f.get("rootDirectory"):
            return scene.workspace_root
        if f.get("query") and f.get("fullName"):
            return scene.workspace_root.rstrip("/")
        raise TypeError(f"workspace: unsupported use {args!r} {kwargs!r}")

    def currentUnit(self, **kwargs: Any) -> Any:  # noqa: N802
        scene = self._scene
        scene.check_main_thread("currentUnit")
        f = flags("currentUnit", kwargs, "query/q time/t linear/l angle/a updateAnimation/ua")
        if f.get("query"):
            if f.get("time"):
                return scene.time_unit
            return "cm" if f.get("linear") else "deg"
        unit = f.get("time")
        if unit is not None:
            if unit not in TIME_UNITS and not _FPS_UNIT.fullmatch(str(unit)):
                raise RuntimeError(f"currentUnit: Invalid time unit '{unit}'")
            scene.time_unit = str(unit)
        return None

    def currentTime(self, *args: Any, **kwargs: Any) -> float:  # noqa: N802
        scene = self._scene
        scene.check_main_thread("currentTime")
        f = flags("currentTime", kwargs, "query/q")
        if not f.get("query") and args:
            scene.current_time = float(args[0])
        return scene.current_time

    def editRenderLayerGlobals(self, **kwargs: Any) -> Any:  # noqa: N802
        scene = self._scene
        scene.check_main_thread("editRenderLayerGlobals")
        f = flags("editRenderLayerGlobals", kwargs, "query/q currentRenderLayer/crl")
        if f.get("query"):
            return scene.current_layer
        layer = f.get("currentRenderLayer")
        if layer not in scene.nodes or scene.nodes[layer].type != "renderLayer":
            raise no_object(str(layer))
        scene.current_layer = layer
        return None

    def colorManagementPrefs(self, **kwargs: Any) -> Any:  # noqa: N802
        scene = self._scene
        scene.check_main_thread("colorManagementPrefs")
        f = flags(
            "colorManagementPrefs",
            kwargs,
            "query/q edit/e cmEnabled/cme renderingSpaceName/rsn viewTransformName/vtn "
            "outputTransformEnabled/ote outputTransformName/otn outputTarget/ott",
        )
        prefs = scene.color_management
        target = f.pop("outputTarget", "renderer")
        if target not in ("renderer", "playblast"):
            raise RuntimeError(f"colorManagementPrefs: unknown outputTarget {target!r}")
        query, edit = f.pop("query", False), f.pop("edit", False)
        if query:
            (flag,) = f  # one flag per query
            value = prefs[flag]
            return value[target] if isinstance(value, dict) else value
        if not edit:
            raise RuntimeError("colorManagementPrefs: use query or edit")
        for flag, value in f.items():
            if isinstance(prefs[flag], dict):
                prefs[flag][target] = value
            else:
                prefs[flag] = value
        return None

    def about(self, **kwargs: Any) -> Any:
        self._scene.check_main_thread("about")
        f = flags("about", kwargs, "batch/b version/v apiVersion/api")
        if f.get("batch"):
            return self._scene.batch
        if f.get("apiVersion"):
            return int(MAYA_VERSION) * 10000
        return MAYA_VERSION


def _layer_token(layer: str) -> str:
    """<RenderLayer>: the default layer is "masterLayer"; Render Setup's `rs_x` is "x"."""
    if layer == "defaultRenderLayer":
        return "masterLayer"
    return layer[3:] if layer.startswith("rs_") else layer
