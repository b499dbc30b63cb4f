"""Python identifiers from spec names: snake_case, PascalCase, escaping, collision-free groups.

Every name is derived from the spec key alone, so adding an unrelated schema or operation never
renames an existing one; colliding names each get a suffix hashed from their own key.
"""

from __future__ import annotations

import builtins
import hashlib
import keyword
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from typing import TypeVar

# Names the generated modules use themselves; a spec name equal to one of these is escaped.
OWN_NAMES = frozenset(
    {
        "Any",
        "Client",
        "FileTypes",
        "Literal",
        "NotRequired",
        "Paged",
        "TYPE_CHECKING",
        "TypeAlias",
        "TypedDict",
        "Union",
        "annotations",
        "cached_property",
        "models",
        "sys",
        "typing",
    }
)
K = TypeVar("K")
BUILTIN_NAMES = frozenset(n for n in dir(builtins) if not n.startswith("_"))

_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_NON_WORD = re.compile(r"[^0-9A-Za-z]+")


def short_hash(key: str, length: int = 6) -> str:
    """A stable hex suffix derived from a key (never from position or counters)."""
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:length]


def _words(text: str) -> list[str]:
    """Split spec text into ASCII words at camelCase boundaries and separators."""
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    )
    spaced = _CAMEL_BOUNDARY.sub(" ", ascii_text)
    return [w for w in _NON_WORD.split(spaced) if w]


def snake_case(text: str, fallback: str = "value") -> str:
    """`listForRepo` / `list-for-repo` / `List For Repo` → `list_for_repo`; digits first get a prefix."""
    words = [w.lower() for w in _words(text)]
    name = "_".join(words)
    if not name:
        return f"{fallback}_{short_hash(text)}"
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    return name


def pascal_case(text: str, fallback: str = "Model") -> str:
    """`simple-user` / `simple_user` → `SimpleUser`; digits first get a prefix."""
    words = _words(text)
    name = "".join(w[:1].upper() + w[1:] for w in words)
    if not name:
        return f"{fallback}{short_hash(text)}"
    if name[0].isdigit():
        name = f"{fallback}{name}"
    return name


def escape_reserved(name: str, reserved: Iterable[str] = ()) -> str:
    """Append `_` to keywords, builtins, dunders, our own names and any extra reserved name."""
    extra = frozenset(reserved)
    if name.startswith("__") and name.endswith("__"):
        name = (name.strip("_") or "dunder") + "_"
    while (
        keyword.iskeyword(name)
        or keyword.issoftkeyword(name)
        or name in BUILTIN_NAMES
        or name in OWN_NAMES
        or name in extra
    ):
        name = f"{name}_"
    return name


def unique_names(
    keys: Iterable[str],
    make: Callable[[str], str],
    reserved: Iterable[str] = (),
    joiner: str = "_",
) -> dict[str, str]:
    """Map each key to `make(key)`, escaped; every member of a colliding group gets a hashed suffix.

    The suffix depends only on the member's own key, so the result for one key never depends on
    iteration order, and a name changes only when a colliding key appears.
    """
    reserved_set = frozenset(reserved)
    candidates = {key: escape_reserved(make(key), reserved_set) for key in keys}
    groups: dict[str, list[str]] = {}
    for key, name in candidates.items():
        groups.setdefault(name, []).append(key)
    result: dict[str, str] = {}
    for name, members in groups.items():
        for key in members:
            result[key] = (
                name
                if len(members) == 1
                else f"{name.rstrip('_')}{joiner}{short_hash(key)}"
            )
    return settle_clashes(
        result, lambda key: key, joiner, lambda key, name: name == candidates[key]
    )


def settle_clashes(
    names: dict[K, str],
    key_text: Callable[[K], str],
    joiner: str = "_",
    plain: Callable[[K, str], bool] = lambda key, name: False,
) -> dict[K, str]:
    """Make derived names distinct when a suffixed name equals another key's name.

    `id` in path and header become `id_path` and `id_header`, and a spec may also have a
    parameter called `id_path`: the one whose name is `plain` (underived) keeps it, the others
    get a longer hash of their own key. `key_text` must tell keys apart; the result depends only
    on the set of keys.
    """
    length = 6
    while True:
        groups: dict[str, list[K]] = {}
        for key, name in names.items():
            groups.setdefault(name, []).append(key)
        clashes = [members for members in groups.values() if len(members) > 1]
        if not clashes:
            return names
        length += 2
        for members in clashes:
            keep = [key for key in members if plain(key, names[key])]
            for key in members:
                if len(keep) == 1 and key == keep[0]:
                    continue
                suffix = short_hash(key_text(key), min(length, 64))
                names[key] = f"{names[key].rstrip('_')}{joiner}{suffix}"
