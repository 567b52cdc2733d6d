"""Source keys: every number in the generated files names the keys of ``sources.csv`` behind it.

A source cell holds one or more keys separated by ``;``; each key's kind (sourced, derived,
recalled, assumption) is in the registry ``youth_sim/data/sources.csv``.
"""

from __future__ import annotations

SOURCE_KINDS: tuple[str, ...] = ("sourced", "derived", "recalled", "assumption")


def join_keys(*groups: str | set[str] | list[str]) -> str:
    """Merge source keys into one sorted ``;``-separated cell.

    Parameters
    ----------
    *groups
        Keys, as ``;``-separated strings or collections of keys.

    Returns
    -------
    str
        Sorted, de-duplicated keys joined by ``;``.
    """
    keys: set[str] = set()
    for group in groups:
        items = group.split(";") if isinstance(group, str) else group
        keys.update(k.strip() for k in items if k and k.strip())
    return ";".join(sorted(keys))
