"""The parameter table: every config key with its value, range, meaning and source.

Built from three places that each hold one thing: the schema (:mod:`youth_sim.config.schema`:
type, range, meaning), the config file (the value) and the config file's comments (unit and
source flag, e.g. ``[S: CBS ...]``). ``scripts/render_docs.py`` writes it to
``docs/parameters.md`` and fills the ``{{key}}`` values in ``docs/ODD.md``; a test checks both
are up to date, so the docs cannot drift from the config.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import annotated_types
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from youth_sim.config.load import load_scenario, lookup, read_comments
from youth_sim.config.schema import AgeRange, ByEducation, Decay, Scenario, ShareByEducation
from youth_sim.config.uncertainty import Range

VALUES = (ByEducation, ShareByEducation, AgeRange, Decay)
"""Small models shown as one value (``vocational 10, knowledge 13``), not as a section."""
SKIPPED = ("policies",)
"""Keys not in the table: policies are documented with the scenario files (README)."""


@dataclass(frozen=True)
class Row:
    """One parameter: dotted key, value, allowed range, meaning, and the config's note."""

    key: str
    value: str
    allowed: str
    meaning: str
    note: str
    plausible: str = ""
    """The plausible range (``configs/uncertainty.yaml``), for uncertain parameters."""


def _model(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model an annotation is (Annotated and Optional unwrapped), or None."""
    if typing.get_origin(annotation) is typing.Annotated:
        return _model(typing.get_args(annotation)[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return None


def _bounds(field: FieldInfo) -> str:
    """The range a field's metadata allows, e.g. ``0-1``, ``> 0``, ``>= 0``; '' if none."""
    low = high = ""
    for item in field.metadata:
        if isinstance(item, annotated_types.Ge):
            low = f">= {item.ge:g}"
        elif isinstance(item, annotated_types.Gt):
            low = f"> {item.gt:g}"
        elif isinstance(item, annotated_types.Le):
            high = f"<= {item.le:g}"
        elif isinstance(item, annotated_types.Lt):
            high = f"< {item.lt:g}"
    if low.startswith(">=") and high.startswith("<="):
        return f"{low[3:]} to {high[3:]}"
    return ", ".join(part for part in (low, high) if part)


def _allowed(field: FieldInfo) -> str:
    model = _model(field.annotation)
    if model is not None:  # a value model: the range of its first field
        first = next(iter(model.model_fields.values()))
        return _bounds(first)
    origin = typing.get_origin(field.annotation)
    if origin is dict:
        inner = typing.get_args(field.annotation)[1]
        if typing.get_origin(inner) is typing.Annotated:
            meta = [m for m in typing.get_args(inner)[1:] if isinstance(m, FieldInfo)]
            return _bounds(meta[0]) if meta else ""
        return ""
    if origin in (typing.Literal,):
        return " | ".join(str(value) for value in typing.get_args(field.annotation))
    if isinstance(field.annotation, types.UnionType):
        return ""
    return _bounds(field)


def format_value(value: Any) -> str:
    """A config value as the table and the ODD show it: ``1,000``, ``0.35``, ``a 1, b 2``."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int) and abs(value) < 10_000:
        return str(value)  # years and small counts without a thousands separator
    if isinstance(value, int | float):
        return format(value, ",g")
    if isinstance(value, dict):
        return ", ".join(f"{key} {format_value(item)}" for key, item in value.items())
    return str(value)


def rows(config_path: Path, ranges: Mapping[str, Range] | None = None) -> list[Row]:
    """One row per parameter of the scenario file ``config_path``, in schema order.

    ``ranges`` (dotted key -> plausible range) fills the ``plausible`` column; a row whose key
    has sub-keys with ranges (one per education, per zone) lists them.
    """
    ranges = ranges or {}
    scenario = load_scenario(config_path)
    values = scenario.model_dump(mode="json", by_alias=True)
    comments = read_comments(config_path)
    out: list[Row] = []

    def walk(model: type[BaseModel], data: dict[str, Any], prefix: str) -> None:
        for name, field in model.model_fields.items():
            key = f"{prefix}{name}"
            if key in SKIPPED:
                continue
            sub = _model(field.annotation)
            if sub is not None and not issubclass(sub, VALUES):
                walk(sub, data[name], f"{key}.")
                continue
            out.append(
                Row(
                    key=key,
                    value=format_value(data[name]),
                    allowed=_allowed(field),
                    meaning=field.description or "",
                    note=_note(comments, key),
                    plausible=_plausible(ranges, key),
                )
            )

    walk(Scenario, values, "")
    return out


def _plausible(ranges: Mapping[str, Range], key: str) -> str:
    """``90 to 180``, or ``vocational 0.8 to 1.2, knowledge 0.7 to 1.1`` for sub-keys."""

    def span(found: Range) -> str:
        return f"{format_value(found.low)} to {format_value(found.high)}"

    if key in ranges:
        return span(ranges[key])
    subs = [(k.removeprefix(f"{key}."), r) for k, r in ranges.items() if k.startswith(f"{key}.")]
    return ", ".join(f"{sub} {span(found)}" for sub, found in subs)


def _note(comments: dict[str, str], key: str) -> str:
    """The comment written next to ``key``, else the one next to its nearest section."""
    parts = key.split(".")
    for end in range(len(parts), 0, -1):
        found = comments.get(".".join(parts[:end]))
        if found:
            return found if end == len(parts) else f"(section) {found}"
    return ""


def value_at(config_path: Path, key: str) -> Any:
    """The value of a dotted key in a scenario file (dict keys included: ``a.b.Randstad``)."""
    values = load_scenario(config_path).model_dump(mode="json", by_alias=True)
    found, value = lookup(values, key.split("."))
    if not found:
        raise KeyError(key)
    return value


def markdown(
    config_path: Path, title: str, shown: str, ranges: Mapping[str, Range] | None = None
) -> str:
    """The parameter table as a Markdown page; ``shown`` is how the page names the file."""

    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    lines = [
        f"# {title}",
        "",
        "<!-- Generated by scripts/render_docs.py from youth_sim/config/schema.py and "
        f"{shown}; do not edit. -->",
        "",
        f"Every parameter of `{shown}`: its value there, the range the schema "
        "allows, what it means, and the note and source flag written next to it "
        "([S] sourced, [D] derived, [R] recalled, [A] assumption, [C] calibrated), and for "
        "the uncertain ones the plausible range of `configs/uncertainty.yaml` that sensitivity "
        "analysis and calibration vary. Scenario files change some of them (`extends: "
        "baseline.yaml`); `--set KEY=VALUE` changes any.",
        "",
        "| key | value | allowed | plausible | meaning | note and source |",
        "|---|---|---|---|---|---|",
    ]
    for row in rows(config_path, ranges):
        lines.append(
            f"| `{row.key}` | {cell(row.value)} | {cell(row.allowed)} | {cell(row.plausible)} "
            f"| {cell(row.meaning)} | {cell(row.note)} |"
        )
    return "\n".join(lines) + "\n"
