"""Read a scenario file: YAML, ``extends:`` inheritance, ``--set`` overrides, validation.

Every problem becomes a :class:`ConfigError` whose message is one line per problem, naming the
file, the key and the value, e.g.
``configs/rail.yaml: residence.logit_scale_eur_month = -1: input should be greater than 0``.
The command line prints it and exits with code 2; nothing here prints or exits.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from youth_sim.config.schema import Scenario
from youth_sim.errors import ConfigError

PACKAGE_PREFIX = "package:"
_DATA_KEYS = ("zones", "travel_times", "sources")


def format_value(value: object) -> str:
    """Show a config value the way it would be written in YAML (short, one line)."""
    if isinstance(value, str):
        return repr(value)
    try:
        text = yaml.safe_dump(value, default_flow_style=True, width=10_000).strip()
    except yaml.YAMLError:  # an object YAML cannot write (e.g. a numpy scalar)
        text = repr(value)
    text = text.removesuffix("...").strip()
    return text if len(text) <= 80 else text[:77] + "..."


def package_data_path(name: str) -> Path:
    """Path of a file shipped in ``youth_sim/data``."""
    return Path(str(resources.files("youth_sim") / "data" / name))


def resolve_data_path(value: str, config_dir: Path) -> Path:
    """Turn a ``geography`` entry into a path: ``package:x.csv`` or relative to the config."""
    if value.startswith(PACKAGE_PREFIX):
        return package_data_path(value.removeprefix(PACKAGE_PREFIX))
    path = Path(value)
    return path if path.is_absolute() else config_dir / path


class _DuplicateKey(Exception):
    def __init__(self, key: object, line: int, first_line: int) -> None:
        super().__init__(key, line, first_line)
        self.key, self.line, self.first_line = key, line, first_line


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing a key written twice in one mapping (PyYAML keeps the last)."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            seen: dict[Any, int] = {}
            for key_node, _ in node.value:
                if key_node.tag == "tag:yaml.org,2002:merge":
                    continue  # '<<' merges may be overridden by the mapping's own keys
                key = self.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1
                if isinstance(key, str | int | float | bool) and key in seen:
                    raise _DuplicateKey(key, line, seen[key])
                if isinstance(key, str | int | float | bool):
                    seen[key] = line
        return super().construct_mapping(node, deep=deep)  # type: ignore[arg-type]


def _decode(path: Path, raw: bytes) -> str:
    """``raw`` as UTF-8; :class:`ConfigError` naming the first bad byte's line and column."""
    if b"\x00" in raw:
        raise ConfigError(f"{path}: a binary file, not YAML text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ConfigError(
            f"{path}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at line {line}, column "
            f"{column}); save the file as UTF-8"
        ) from None


def read_yaml(path: Path) -> dict[str, Any]:
    """A YAML file's top-level mapping; :class:`ConfigError` naming the file otherwise.

    The file must be UTF-8 text, and no mapping may name a key twice.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a folder, not a file") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    text = _decode(path, raw)
    try:
        data = yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader: no arbitrary objects
    except _DuplicateKey as exc:
        raise ConfigError(
            f"{path}: line {exc.line}: key {format_value(exc.key)} appears twice in one "
            f"section (first at line {exc.first_line}); keep one"
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or getattr(exc, "reason", None) or "cannot parse"
        raise ConfigError(f"{path}: invalid YAML{where}: {problem}") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ConfigError(
            f"{path}: top level must be a mapping of sections, not {format_value(data)}"
        )
    return data


_KEY_LINE = re.compile(r"^(?P<indent>\s*)(?P<key>[^\s#:'\"{\[-][^:#]*?)\s*:(?:\s+|$)(?P<rest>.*)$")


def read_comments(path: Path) -> dict[str, str]:
    """The comment after each key of a block-style YAML file: dotted key -> comment text.

    ``residence:`` then ``  lottery_rounds: 3   # rounds [A]`` gives
    ``{"residence.lottery_rounds": "rounds [A]"}``. Keys without a comment are left out. Used
    for the parameter table (the config file's comments carry units and sources).
    """
    stack: list[tuple[int, str]] = []
    out: dict[str, str] = {}
    for line in _decode(path, path.read_bytes()).splitlines():
        match = _KEY_LINE.match(line)
        if match is None:
            continue
        indent = len(match["indent"])
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stack.append((indent, match["key"].strip()))
        _, hash_, comment = match["rest"].partition("#")
        if hash_ and comment.strip():
            out[".".join(key for _, key in stack)] = comment.strip()
    return out


def deep_merge(base: Mapping[str, Any], override: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``override`` into a copy of ``base``: mappings merge key by key, all else replaces."""
    merged = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _absolute_data_paths(data: dict[str, Any], base: Path) -> None:
    """Make relative ``geography`` paths absolute against ``base`` (the file that wrote them)."""
    geography = data.get("geography")
    if not isinstance(geography, dict):
        return
    for key in _DATA_KEYS:
        value = geography.get(key)
        if isinstance(value, str) and not value.startswith(PACKAGE_PREFIX):
            geography[key] = str(resolve_data_path(value, base).resolve())


def _resolve_extends(path: Path, chain: tuple[Path, ...]) -> dict[str, Any]:
    """Read ``path`` and the files it extends (deep merge, child wins)."""
    path = path.resolve()
    if path in chain:
        cycle = " -> ".join(p.name for p in (*chain, path))
        raise ConfigError(f"{chain[-1]}: extends = {path.name!r}: cycle in extends ({cycle})")
    data = read_yaml(path)
    _absolute_data_paths(data, path.parent)
    parent_name = data.pop("extends", None)
    if parent_name is None:
        return data
    if not isinstance(parent_name, str):
        raise ConfigError(f"{path}: extends = {format_value(parent_name)}: must be a file name")
    parent_path = path.parent / parent_name
    if not parent_path.is_file():
        raise ConfigError(f"{path}: extends = {parent_name!r}: file not found")
    return deep_merge(_resolve_extends(parent_path, (*chain, path)), data)


def parse_overrides(overrides: Sequence[str]) -> list[tuple[str, Any]]:
    """Parse ``key.path=value`` strings (values as YAML) into (dotted key, value) pairs."""
    pairs = []
    for item in overrides:
        key, sep, text = item.partition("=")
        key = key.strip()
        if not sep or not key or any(not part for part in key.split(".")):
            raise ConfigError(f"--set {item!r}: expected key.path=value")
        try:
            value = yaml.safe_load(text)
        except yaml.YAMLError:
            raise ConfigError(f"--set {key} = {text!r}: cannot parse the value as YAML") from None
        pairs.append((key, value))
    return pairs


def lookup(data: Any, loc: Sequence[Any]) -> tuple[bool, Any]:
    """Whether nested mappings and lists hold the path ``loc`` (keys, list indices), and what."""
    node = data
    for part in loc:
        in_mapping = isinstance(node, Mapping) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_mapping or in_list:
            node = node[part]
        else:
            return False, None
    return True, node


def format_errors(
    error: ValidationError, data: Mapping[str, Any], path: Path, override_keys: set[str]
) -> str:
    """Pydantic's errors as one line each: ``file: key = value: message``.

    Keys set by ``--set`` (``override_keys``) are attributed to ``--set``; policy errors name
    the policy (``policies[0] (name).key``).
    """
    lines = []
    for item in error.errors():
        loc = [part for part in item["loc"] if part not in ("function-after",)]
        key = ".".join(str(part) for part in loc)
        if len(loc) >= 2 and loc[0] == "policies" and isinstance(loc[1], int):
            loc, key = _policy_location(loc, data)
        where = "--set" if any(key == k or key.startswith(k + ".") for k in override_keys) else path
        msg = str(item["msg"]).removeprefix("Value error, ")
        msg = msg[:1].lower() + msg[1:]
        found, value = lookup(data, loc)
        if item["type"] == "union_tag_invalid":
            tag = item.get("ctx", {}).get("tag")
            expected = item.get("ctx", {}).get("expected_tags", "")
            lines.append(f"{where}: {key}.type = {tag!r}: unknown policy type (one of {expected})")
        elif item["type"] == "union_tag_not_found":
            lines.append(f"{where}: {key}.type: missing (every policy needs a type)")
        elif item["type"] == "missing":
            lines.append(f"{where}: {key}: missing (required key)")
        elif item["type"] == "extra_forbidden":
            lines.append(f"{where}: {key} = {format_value(value)}: unknown key")
        elif found and (not isinstance(value, Mapping) or not value):
            lines.append(f"{where}: {key} = {format_value(value)}: {msg}")
        elif key:
            lines.append(f"{where}: {key}: {msg}")
        else:  # a check across sections: its message names the keys itself
            lines.append(f"{where}: {msg}")
    return "\n".join(lines)


def _policy_location(loc: list[Any], data: Mapping[str, Any]) -> tuple[list[Any], str]:
    """Drop pydantic's union tag from a policy error location; name the policy.

    ``['policies', 0, 'travel_time', 'minutes_saved']`` becomes the lookup path
    ``['policies', 0, 'minutes_saved']`` and the key ``policies[0] (faster).minutes_saved``.
    """
    from youth_sim.config.policy import POLICY_TYPES

    index = loc[1]
    rest = loc[3:] if len(loc) > 2 and loc[2] in POLICY_TYPES else loc[2:]
    policies = data.get("policies")
    name = None
    if (
        isinstance(policies, list)
        and index < len(policies)
        and isinstance(policies[index], Mapping)
    ):
        name = policies[index].get("name")
    head = f"policies[{index}]" + (f" ({name})" if isinstance(name, str) else "")
    key = ".".join([head, *(str(part) for part in rest)])
    return ["policies", index, *rest], key


def _flatten_keys(nested: Mapping[str, Any], prefix: str = "") -> set[str]:
    keys = set()
    for key, value in nested.items():
        full = f"{prefix}{key}"
        keys.add(full)
        if isinstance(value, Mapping):
            keys |= _flatten_keys(value, full + ".")
    return keys


def load_scenario(path: str | Path, overrides: Sequence[str] = ()) -> Scenario:
    """Read, merge and validate a scenario file.

    Parameters
    ----------
    path
        The YAML file. ``extends: other.yaml`` (relative to the file) is merged first.
    overrides
        ``key.path=value`` strings applied last, as with ``--set`` on the command line.

    Returns
    -------
    Scenario
        The validated scenario; ``geography`` entries are absolute paths or ``package:`` names.

    Raises
    ------
    ConfigError
        On any problem, with one line per problem naming file, key and value.
    """
    path = Path(path)
    data = _resolve_extends(path, ())
    override_keys: set[str] = set()
    for key, value in parse_overrides(overrides):
        if key.startswith("geography.") and isinstance(value, str):
            holder = {"geography": {key.removeprefix("geography."): value}}
            _absolute_data_paths(holder, Path.cwd())  # relative to where the command runs
            value = holder["geography"][key.removeprefix("geography.")]
        try:
            set_path(data, key, value, merge=True)
        except ConfigError as exc:
            raise ConfigError(f"--set {exc}") from None
        override_keys.add(key)
        if isinstance(value, Mapping):
            override_keys |= _flatten_keys(value, f"{key}.")
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_errors(exc, data, path, override_keys)) from None
    for key in _DATA_KEYS:
        value = getattr(scenario.geography, key)
        target = resolve_data_path(value, path.parent)
        if not target.is_file():
            raise ConfigError(f"{path}: geography.{key} = {value!r}: data file not found")
    return scenario


def set_path(data: dict[str, Any], key: str, value: Any, merge: bool = False) -> None:
    """Set a dotted key in nested mappings, in place; policies are named by their ``name``.

    ``policies.faster regional PT.intensity`` sets that policy's intensity. A policy is never
    addressed by its position (``policies.0``): reordering the policies would silently point
    a sweep at another lever. With ``merge``, a mapping value is merged into the section it
    names (``--set``); otherwise it replaces it.

    Raises
    ------
    ConfigError
        When no policy has that name, a position is used, or a step is not a section.
    """
    node: Any = data
    parts = key.split(".")
    for depth, part in enumerate(parts):
        last = depth == len(parts) - 1
        if isinstance(node, list):
            where = ".".join(parts[:depth])
            names = [item.get("name") for item in node if isinstance(item, Mapping)]
            if part not in names:
                example = f"{where}.{names[0]}.intensity" if names else ""
                hint = (
                    f"name a policy, e.g. {example}" if part.isdigit() and names
                    else f"known: {', '.join(map(repr, names)) or 'none'}"
                )  # fmt: skip
                raise ConfigError(f"{key}: {where} has no policy named {part!r} ({hint})")
            index = names.index(part)
            if last:
                node[index] = copy.deepcopy(value)
            else:
                node = node[index]
        elif isinstance(node, dict):
            if (
                last
                and merge
                and isinstance(value, Mapping)
                and isinstance(node.get(part), Mapping)
            ):
                node[part] = deep_merge(node[part], value)
            elif last:
                node[part] = copy.deepcopy(value)
            else:
                node = node.setdefault(part, {})
        else:
            raise ConfigError(f"{key}: {'.'.join(parts[:depth])} is a value, not a section")


def with_overrides(
    scenario: Scenario, values: Mapping[str, Any], where: str = "override"
) -> Scenario:
    """A copy of ``scenario`` with dotted-key values replaced, validated like a file.

    ``with_overrides(s, {"run.scale": 0.05, "policies.attractive cities.intensity": 0.5})``; a
    mapping value replaces the whole section it names.
    """
    data = scenario.model_dump(mode="python", by_alias=True)
    for key, value in values.items():
        set_path(data, key, value)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(format_errors(exc, data, Path(where), set())) from None
