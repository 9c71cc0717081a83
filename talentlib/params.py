"""Parameter schemas: safe YAML loading, validation and clear error messages.

Each notebook has one pydantic model (a subclass of :class:`NotebookParams`) that is the single source of
truth for its parameter names, types, ranges, defaults and descriptions. The same model validates

* scenario files (``params/<notebook>/<scenario>.yaml``) before any kernel starts (the runner), and
* the values papermill injected, in the cell right after ``parameters`` (the notebook itself).

Errors are collected into a :class:`ParamsError` whose lines name the file, the key, what was expected
and what was given — never a traceback.
"""

from __future__ import annotations

import copy
import functools
import math
import re
import reprlib
import types
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal, TypeVar, get_args, get_origin

import yaml
from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError

from talentlib import user_files
from talentlib.errors import ParamsError

P = TypeVar("P", bound="NotebookParams")

#: A JSON-typed identifier: scenario names, role keys, business units used as keys.
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


def _check_range(value: list[float]) -> list[float]:
    low, high = value
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError("both ends must be finite numbers")
    if low > high:
        raise ValueError(f"low ({low:g}) must not exceed high ({high:g})")
    return value


#: ``[low, high]`` with ``low <= high``; ``low == high`` is a valid, deterministic range.
Range = Annotated[list[float], Field(min_length=2, max_length=2), AfterValidator(_check_range)]


def _check_finite(value: float) -> float:
    if not math.isfinite(value):
        raise ValueError("must be a finite number")
    return value


#: A finite float (NaN and infinities are refused).
Finite = Annotated[float, AfterValidator(_check_finite)]


class StrictModel(BaseModel):
    """Base for every parameter object: strict JSON types, unknown keys refused."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, validate_default=True)


class NotebookParams(StrictModel):
    """Base of every notebook's parameter schema.

    ``output_dir`` is common to all notebooks: the runner points it at a staging folder; an empty value
    (raw papermill, JupyterLab) means ``outputs/adhoc/<notebook>/``.
    """

    notebook: ClassVar[str] = ""

    output_dir: str = Field(
        "", description="folder for the artifacts of this run; empty means outputs/adhoc/<notebook>"
    )


class LinkedParams(NotebookParams):
    """Base of the schema of a notebook that takes values from other analyses of its run (``SPEC.links``).

    The runner fills ``links`` with what it injected (shown on the report); raw papermill and JupyterLab can
    set ``upstream_dir`` to an earlier run's folder to take the same values from it.
    """

    upstream_dir: str = Field(
        "",
        description="folder of an earlier run (e.g. outputs/default) whose results feed this notebook's linked "
        "parameters when it is run on its own; empty: the runner injects them, or the defaults stand",
    )
    links: list[dict[str, Any]] = Field(
        default_factory=list,
        description="set by the runner: the values this notebook took from other analyses of the run",
    )


# ---------------------------------------------------------------------------------------------------------
# YAML


class _NoDatesSafeLoader(yaml.SafeLoader):
    """SafeLoader without implicit timestamps (papermill's choice) and refusing duplicate keys."""


_NoDatesSafeLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping_no_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r} (first on line {seen[key] + 1})", key_node.start_mark
            )
        seen[key] = key_node.start_mark.line
    return loader.construct_mapping(node)


_NoDatesSafeLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping_no_duplicates
)

#: YAML 1.2 core-schema integers: decimal (leading zeros stay decimal: ``010`` is 10), ``0o`` octal, ``0x`` hex.
#: YAML 1.1's octal ``010`` → 8, sexagesimal ``1:00`` → 60 and ``0b``/underscore forms are not integers here
#: (``1:00`` stays a string, which a numeric parameter then refuses by name).
_INT_12 = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
#: PyYAML's float pattern without its sexagesimal form (``190:20:30.15`` stays a string).
_FLOAT_NO_SEXAGESIMAL = re.compile(
    r"^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?"
    r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)
_NoDatesSafeLoader.yaml_implicit_resolvers = {
    key: [
        (tag, _FLOAT_NO_SEXAGESIMAL if tag == "tag:yaml.org,2002:float" else regexp)
        for tag, regexp in resolvers
        if tag != "tag:yaml.org,2002:int"
    ]
    for key, resolvers in _NoDatesSafeLoader.yaml_implicit_resolvers.items()
}
_NoDatesSafeLoader.add_implicit_resolver("tag:yaml.org,2002:int", _INT_12, list("-+0123456789"))


def _construct_int_12(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    text = str(loader.construct_scalar(node))
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


_NoDatesSafeLoader.add_constructor("tag:yaml.org,2002:int", _construct_int_12)

#: Largest params text accepted (a file or one ``--set`` value), in characters.
MAX_YAML_CHARS = 1_000_000
#: Most aliases (``*name``) in one document: enough for real reuse, far too few for a "billion laughs".
MAX_YAML_ALIASES = 100
#: Deepest nesting of lists and mappings in one document.
MAX_YAML_DEPTH = 20
#: Most values a document may hold once its aliases are expanded (validation copies every expanded value).
MAX_YAML_VALUES = 200_000


def _expanded_size(node: yaml.Node, source: str, sizes: dict[int, int]) -> int:
    """Values under ``node`` with aliases expanded, memoised per node (aliases share node objects)."""
    known = sizes.get(id(node))
    if known is not None:
        return known
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, source, sizes) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(
            _expanded_size(k, source, sizes) + _expanded_size(v, source, sizes) for k, v in node.value
        )
    if size > MAX_YAML_VALUES:
        line = node.start_mark.line + 1
        raise ParamsError(
            [f"{source}:{line}: aliases expand to more than {MAX_YAML_VALUES:,} values; write values out"]
        )
    sizes[id(node)] = size
    return size


def _check_yaml_shape(text: str, source: str) -> None:
    """Refuse documents too large, too deep or with too many aliases before anything is built from them."""
    if len(text) > MAX_YAML_CHARS:
        raise ParamsError([f"{source}: {len(text):,} characters; params are limited to {MAX_YAML_CHARS:,}"])
    depth = aliases = 0
    for event in yaml.parse(text, Loader=_NoDatesSafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                line = event.start_mark.line + 1
                raise ParamsError([f"{source}:{line}: nested deeper than {MAX_YAML_DEPTH} levels"])
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        elif isinstance(event, yaml.AliasEvent):
            aliases += 1
            if aliases > MAX_YAML_ALIASES:
                line = event.start_mark.line + 1
                raise ParamsError(
                    [f"{source}:{line}: more than {MAX_YAML_ALIASES} aliases (*name); write values out"]
                )


def parse_yaml_text(text: str, source: str) -> Any:
    """Parse YAML text safely: no Python tags, no implicit dates, no duplicate keys.

    A sweep plans every grid point from the same scenario files, so a document already parsed in this process
    is not parsed again (pure-Python YAML took 15 ms a file: 3 s before a 100-run sweep could start); each call
    gets its own copy of the value.

    Args:
        text: The YAML document.
        source: Name used in error messages (usually the file path).

    Returns:
        The parsed value (JSON types only).

    Raises:
        ParamsError: On a syntax error, a refused tag or a duplicate key, naming the line.
    """
    return copy.deepcopy(_parse_yaml_once(text, source))


@functools.lru_cache(maxsize=256)
def _parse_yaml_once(text: str, source: str) -> Any:
    """:func:`parse_yaml_text` without the copy, remembered per (text, source); errors are raised every time."""
    try:
        _check_yaml_shape(text, source)
        loader = _NoDatesSafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None
            _expanded_size(node, source, {})
            return loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}" if mark else source
        problem = exc.problem or exc.context or "invalid YAML"
        if "could not determine a constructor" in str(exc):
            problem = (
                "tag refused (only plain YAML values are allowed): " + str(exc.problem).split("tag ")[-1]
            )
        raise ParamsError([f"{where}: {problem}"]) from None
    except yaml.YAMLError as exc:
        raise ParamsError([f"{source}: invalid YAML ({exc})"]) from None


def read_text_file(path: Path) -> str:
    """Read a UTF-8 text file (a BOM is tolerated) or raise a one-line :class:`ParamsError`.

    See :mod:`talentlib.user_files` for what is accepted and refused.
    """
    return user_files.read_text(path)


def load_params_file(path: Path) -> dict[str, Any]:
    """Load a flat scenario parameter file.

    Args:
        path: ``params/<notebook>/<scenario>.yaml``.

    Returns:
        The mapping of parameter names to JSON values (an empty file gives ``{}``).

    Raises:
        ParamsError: If the file is unreadable, not YAML, or not a mapping.
    """
    data = parse_yaml_text(read_text_file(path), str(path))
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ParamsError(
            [f"{path}: expected a mapping of parameter names to values, got a {_type_name(data)}"]
        )
    bad_keys = [k for k in data if not isinstance(k, str)]
    if bad_keys:
        raise ParamsError([f"{path}: parameter names must be strings, got {bad_keys[0]!r}"])
    return data


def scenario_description(path: Path) -> str:
    """Return the one-line description from a ``# description: …`` comment at the top of a params file."""
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    for line in lines[:10]:
        stripped = line.strip()
        if stripped.lower().startswith("# description:"):
            return stripped.split(":", 1)[1].strip()
    return ""


# ---------------------------------------------------------------------------------------------------------
# Validation


def _type_name(value: Any) -> str:
    return {
        bool: "boolean",
        int: "integer",
        float: "number",
        str: "string",
        list: "list",
        dict: "mapping",
        type(None): "null",
    }.get(type(value), type(value).__name__)


_BOUNDED_REPR = reprlib.Repr()
_BOUNDED_REPR.maxlevel, _BOUNDED_REPR.maxlist, _BOUNDED_REPR.maxdict = 3, 6, 6
_BOUNDED_REPR.maxstring, _BOUNDED_REPR.maxother, _BOUNDED_REPR.maxlong = 60, 60, 40


def _short(value: Any, limit: int = 60) -> str:
    """A repr of at most ``limit`` characters, built without ever expanding the whole value."""
    text = _BOUNDED_REPR.repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_EXPECTED = {
    "int_type": "an integer",
    "float_type": "a number",
    "string_type": "a string",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "extra_forbidden": "no such parameter",
    "missing": "a value (required)",
}


def _describe_error(err: Mapping[str, Any]) -> tuple[str, str]:
    kind = err["type"]
    ctx = err.get("ctx") or {}
    if kind in _EXPECTED:
        expected = _EXPECTED[kind]
    elif kind in {"greater_than_equal", "greater_than", "less_than_equal", "less_than"}:
        ops = {"greater_than_equal": ">=", "greater_than": ">", "less_than_equal": "<=", "less_than": "<"}
        expected = f"a value {ops[kind]} {next(iter(ctx.values()))}"
    elif kind in {"too_short", "too_long"}:
        expected = (
            err["msg"]
            .replace("List should", "a list that should")
            .replace("Value should", "a value that should")
        )
    elif kind == "literal_error":
        expected = "one of " + str(ctx.get("expected", ""))
    elif kind == "value_error":
        expected = str(ctx.get("error", err["msg"]))
    else:
        expected = err["msg"]
    return kind, expected


def _source_of(key: str, source: str, key_sources: Mapping[str, str]) -> str:
    """Where a key's value came from: the longest declared prefix of ``key`` in ``key_sources``, else ``source``."""
    owners = [k for k in key_sources if key == k or key.startswith(k + ".")]
    return key_sources[max(owners, key=len)] if owners else source


def format_validation_error(
    exc: ValidationError, source: str, key_sources: Mapping[str, str] | None = None
) -> list[str]:
    """Turn a pydantic error into lines ``source: key 'a.b': expected …, got … (type)``.

    Args:
        exc: The pydantic error.
        source: Where the values came from (a params file).
        key_sources: Dotted keys whose values came from elsewhere (``{"roles": "--set x.roles"}``); an error on the
            key or below it names that source instead.
    """
    lines = []
    for err in exc.errors(include_url=False):
        key = ".".join(str(part) for part in err["loc"]) or "(top level)"
        source_ = _source_of(key, source, key_sources or {})
        kind, expected = _describe_error(err)
        if kind == "extra_forbidden":
            lines.append(
                f"{source_}: key '{key}': unknown parameter (check the spelling; `talentlib params` lists them)"
            )
        elif kind == "missing":
            lines.append(f"{source_}: key '{key}': missing, expected {expected}")
        else:
            given = err.get("input")
            lines.append(
                f"{source_}: key '{key}': expected {expected}, got {_short(given)} ({_type_name(given)})"
            )
    return lines


def validate_params(
    model: type[P], values: Mapping[str, Any], source: str, key_sources: Mapping[str, str] | None = None
) -> P:
    """Validate raw values against a notebook schema.

    Args:
        model: The notebook's parameter schema.
        values: Raw values (from YAML, the CLI or a notebook namespace).
        source: Where the values came from, for error messages.
        key_sources: Keys whose values came from elsewhere (e.g. a ``--set``), see :func:`format_validation_error`.

    Returns:
        The validated, frozen parameter object.

    Raises:
        ParamsError: Listing every problem at once.
    """
    try:
        return model.model_validate(dict(values))
    except ValidationError as exc:
        raise ParamsError(format_validation_error(exc, source, key_sources)) from None


_NAMESPACE_IGNORED = {"In", "Out", "get_ipython", "exit", "quit", "open"}


def notebook_params(model: type[P], namespace: Mapping[str, Any]) -> P:
    """Validate the parameters of a running notebook (the cell after ``parameters``).

    Picks the schema's fields from the notebook's globals and also refuses names papermill injected that
    the schema does not know (papermill itself only warns about them).

    Args:
        model: The notebook's parameter schema.
        namespace: ``globals()`` of the notebook.

    Returns:
        The validated parameters.

    Raises:
        ParamsError: On an unknown injected name, a missing value, a wrong type or an out-of-range value.
    """
    fields = set(model.model_fields)
    values = {name: namespace[name] for name in fields if name in namespace}
    unknown = sorted(
        name
        for name, value in namespace.items()
        if name not in fields
        and not name.startswith("_")
        and name not in _NAMESPACE_IGNORED
        and not isinstance(value, types.ModuleType | type)
        and not callable(value)
    )
    source = f"notebook {model.notebook or model.__name__} parameters"
    problems = [
        f"{source}: key '{name}': unknown parameter (injected but not in the schema)" for name in unknown
    ]
    try:
        params = model.model_validate(values)
    except ValidationError as exc:
        problems += format_validation_error(exc, source)
        params = None
    if problems:
        raise ParamsError(problems)
    assert params is not None
    return params


def schema_rows(model: type[NotebookParams]) -> list[dict[str, str]]:
    """Describe a schema as rows ``name, type, default, description`` (for ``talentlib params``)."""
    rows = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if get_origin(annotation) is Literal:
            type_name = "one of " + " | ".join(str(a) for a in get_args(annotation))
        else:
            type_name = getattr(annotation, "__name__", None) or str(annotation).replace("typing.", "")
        if field.metadata and any(getattr(m, "func", None) is _check_range for m in field.metadata):
            type_name = "[low, high]"
        default = field.get_default(call_default_factory=True)
        if isinstance(default, BaseModel):
            default = default.model_dump(mode="json")
        elif isinstance(default, dict):
            default = {
                k: v.model_dump(mode="json") if isinstance(v, BaseModel) else v for k, v in default.items()
            }
        rows.append(
            {
                "name": name,
                "type": type_name,
                "default": _short(default, 80),
                "description": field.description or "",
            }
        )
    return rows


def defaults(model: type[NotebookParams]) -> dict[str, Any]:
    """Return the schema defaults as JSON values."""
    return model().model_dump(mode="json")


def parameters_cell(model: type[NotebookParams]) -> str:
    """Render a notebook ``parameters`` cell from a schema: literal defaults, typed and commented.

    Used to write the templates (``talentlib params NOTEBOOK --cell``); the contract tests check that every
    template's cell still equals the schema defaults.
    """
    import json
    import pprint

    lines = []
    for name, value in defaults(model).items():
        field = model.model_fields[name]
        annotation = {bool: "bool", int: "int", float: "float", str: "str", list: "list", dict: "dict"}[
            type(value)
        ]
        literal = (
            json.dumps(value)
            if isinstance(value, str)
            else pprint.pformat(value, width=100, sort_dicts=False)
        )
        if "\n" in literal:
            lines.append(f"# {field.description}")
            lines.append(f"{name}: {annotation} = {literal}")
        else:
            lines.append(f"{name}: {annotation} = {literal}  # {field.description}")
    return "\n".join(lines)
