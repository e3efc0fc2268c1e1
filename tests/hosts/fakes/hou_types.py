"""What the fake `hou` knows about Houdini: node types with their parameters, and the
variable expansion of string parameters (`$HIP`, `$HIPNAME`, `$OS`, `$F`, `$F4`, `${F4}`,
`$FF`, `$FSTART`, `$FEND`, `$FPS`, `$JOB` and any environment variable).

Parameter names and defaults follow Houdini's own nodes (Houdini 20.5); only the parameters
AXIOM reads are modelled. A name Houdini does not know is left as written, as
`hou.expandString` documents ("if the variable is unknown, it will not do any expansion").
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class ParmSpec:
    """One parameter of a node type. `kind` is "string", "float", "int", "toggle" or "menu";
    a float/int default that is a string is an HScript expression (`$FSTART`)."""

    name: str
    kind: str
    default: object
    menu: tuple[str, ...] = ()
    tuple_name: str = ""  # the parm tuple it belongs to (`f` for f1/f2/f3), else its own name


@dataclass(frozen=True)
class Content:
    """A node inside a locked digital asset, its parms driven by the asset's own (Python
    expressions, as the asset's definition wires them)."""

    type_name: str
    name: str
    expressions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class TypeSpec:
    parms: tuple[ParmSpec, ...] = ()
    child_category: str | None = None  # the category of the nodes inside (None: no children)
    contents: tuple[Content, ...] = ()  # a locked digital asset (File Cache, Karma LOP) if any


def _range() -> tuple[ParmSpec, ...]:
    """`trange` (Valid Frame Range) and Start/End/Inc (`f1`, `f2`, `f3` in the tuple `f`)."""
    return (
        ParmSpec("trange", "menu", 0, menu=("off", "normal", "on")),
        ParmSpec("f1", "float", "$FSTART", tuple_name="f"),
        ParmSpec("f2", "float", "$FEND", tuple_name="f"),
        ParmSpec("f3", "float", 1.0, tuple_name="f"),
    )


def _rop(output: str, default: str, *extra: ParmSpec) -> TypeSpec:
    return TypeSpec((*_range(), ParmSpec(output, "string", default), *extra))


def _asset_rop(type_name: str, output: str, asset_output: str) -> Content:
    """The ROP inside an asset, writing the asset's `asset_output` over the asset's range."""

    def from_asset(parm: str, method: str = "evalAtFrame(hou.frame())") -> tuple[str, str]:
        return parm, f"hou.pwd().parent().parm('{parm}').{method}"

    return Content(
        type_name,
        "render" if type_name == "rop_geometry" else "rop",
        (
            (output, f"hou.pwd().parent().parm('{asset_output}').evalAtFrame(hou.frame())"),
            from_asset("trange", "eval()"),
            *(from_asset(name) for name in ("f1", "f2", "f3")),
        ),
    )


_IMAGE = "$HIP/render/$HIPNAME.$OS.$F4.exr"
_GEO = "$HIP/geo/$HIPNAME.$OS.$F4.bgeo.sc"
_CAMERA = ParmSpec("camera", "string", "/obj/cam1")

# category name -> node type name -> its spec
NODE_TYPES: dict[str, dict[str, TypeSpec]] = {
    "Director": {"root": TypeSpec(child_category="Manager")},
    "Manager": {
        "obj": TypeSpec(child_category="Object"),
        "out": TypeSpec(child_category="Driver"),
        "stage": TypeSpec(child_category="Lop"),
        "mat": TypeSpec(child_category="Vop"),
    },
    "Driver": {
        "ifd": _rop("vm_picture", _IMAGE, _CAMERA),  # Mantra
        "karma": _rop("picture", _IMAGE, _CAMERA),
        "usdrender": _rop("outputimage", "", ParmSpec("loppath", "string", "")),
        "arnold": _rop("ar_picture", _IMAGE, _CAMERA),
        "opengl": _rop("picture", "$HIP/render/$HIPNAME.$OS.$F4.jpg", _CAMERA),
        "comp": _rop("copoutput", "$HIP/comp/$HIPNAME.$OS.$F4.exr"),
        "Redshift_ROP": _rop(
            "RS_outputFileNamePrefix", _IMAGE, ParmSpec("RS_renderCamera", "string", "/obj/cam1")
        ),
        "geometry": _rop("sopoutput", _GEO, ParmSpec("soppath", "string", "")),
        "alembic": _rop("filename", "$HIP/output.abc"),
        "usd": _rop("lopoutput", "$HIP/usd/$OS.usd"),
        "merge": TypeSpec(),
        "fetch": TypeSpec((ParmSpec("source", "string", ""),)),
    },
    "Object": {
        "cam": TypeSpec(
            (
                ParmSpec("resx", "int", 1280, tuple_name="res"),
                ParmSpec("resy", "int", 720, tuple_name="res"),
            )
        ),
        "geo": TypeSpec(child_category="Sop"),
        "ropnet": TypeSpec(child_category="Driver"),
        "lopnet": TypeSpec(child_category="Lop"),
        "subnet": TypeSpec(child_category="Object"),
        "null": TypeSpec(),
    },
    "Sop": {
        "rop_geometry": _rop("sopoutput", _GEO),
        "rop_alembic": _rop("filename", "$HIP/output.abc"),
        "filecache::2.0": TypeSpec(
            (*_range(), ParmSpec("file", "string", _GEO)),
            "Sop",
            (_asset_rop("rop_geometry", "sopoutput", "file"),),
        ),
        "box": TypeSpec(),
        "null": TypeSpec(),
        "file": TypeSpec((ParmSpec("file", "string", "default.bgeo"),)),  # the File SOP
        "alembic": TypeSpec((ParmSpec("fileName", "string", ""),)),
    },
    "Lop": {
        "reference::2.0": TypeSpec((ParmSpec("filepath1", "string", ""),)),
        "usdrender_rop": _rop("outputimage", ""),
        "usd_rop": _rop("lopoutput", "$HIP/usd/$OS.usd"),
        "karma": TypeSpec(  # the Karma LOP: a locked asset around a USD Render ROP
            (*_range(), ParmSpec("picture", "string", _IMAGE), _CAMERA),
            "Lop",
            (_asset_rop("usdrender_rop", "outputimage", "picture"),),
        ),
        "null": TypeSpec(),
    },
    "Vop": {},
}

_VARIABLE = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")
_PADDED_FRAME = re.compile(r"F(\d+)")


@dataclass(frozen=True)
class ExpandContext:
    """What a string is expanded against: the frame, the node (`$OS`), the scene's values."""

    frame: float
    node_name: str | None
    hip_path: str  # absolute path of the scene file
    frame_range: tuple[float, float]
    fps: float
    getenv: Callable[[str], str | None]


def expand(text: str, context: ExpandContext) -> str:
    """`text` with every known `$VAR` / `${VAR}` replaced, at `context.frame`."""

    def replace(match: re.Match[str]) -> str:
        name = match.group(1) or match.group(2)
        value = _variable(name, context)
        return match.group(0) if value is None else value

    return _VARIABLE.sub(replace, text)


def _variable(name: str, context: ExpandContext) -> str | None:
    frame = context.frame
    if name == "F":
        return str(round(frame))
    padded = _PADDED_FRAME.fullmatch(name)
    if padded is not None:
        return f"{round(frame):0{int(padded.group(1))}d}"
    hip_dir, _, hip_file = context.hip_path.rpartition("/")
    values = {
        "FF": _number(frame),
        "FSTART": _number(context.frame_range[0]),
        "FEND": _number(context.frame_range[1]),
        "FPS": _number(context.fps),
        "HIP": hip_dir or "/",
        "HIPFILE": context.hip_path,
        "HIPNAME": hip_file.rsplit(".", 1)[0] if "." in hip_file else hip_file,
        "OS": context.node_name,
    }
    if name in values:
        return values[name]
    return context.getenv(name)


def _number(value: float) -> str:
    """Houdini prints whole floats without a fraction (`$FF` at frame 12 is `12`)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))
