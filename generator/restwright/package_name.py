"""Which `--package` names are safe: a generated package must not shadow a module it or Python needs.

The project folder usually ends up on `sys.path` (tests, notebooks, `pip install -e`), so a package
called `urllib3` there would replace the real one for the runtime and everything else; one called
`sitecustomize` would run at every interpreter start. Names compare case-insensitively because
macOS and Windows file systems do (`Requests/` shadows `requests` there).
"""

from __future__ import annotations

import keyword
import sys

# The runtime's import closure, what the interpreter and packaging tools load on their own, and
# our own packages. Standard-library names come from `sys.stdlib_module_names`.
_NEEDED = frozenset(
    {
        "restwright",
        "restwright_runtime",
        "requests",
        "urllib3",
        "certifi",
        "idna",
        "charset_normalizer",
        "chardet",
        "jsonpath_ng",
        "ply",
        "orjson",
        "typing_extensions",
        "tomli",
        "sitecustomize",
        "usercustomize",
        "__main__",
        "pip",
        "setuptools",
        "pkg_resources",
        "_distutils_hack",
        "distutils",
        "wheel",
        "_virtualenv",
        "easy_install",
    }
)
_RESERVED = frozenset(name.casefold() for name in _NEEDED | sys.stdlib_module_names)


def package_name_problem(name: str) -> str | None:
    """Why `name` cannot be the generated package's import name, or None when it can."""
    if not (name.isascii() and name.isidentifier()) or keyword.iskeyword(name):
        return (
            f"--package {name!r} is not a valid Python identifier "
            "(letters, digits and _, not a keyword)"
        )
    if name.casefold() in _RESERVED:
        return (
            f"--package {name!r} would shadow the module {name.lower()!r} that Python, "
            "the runtime or its dependencies import; choose another name"
        )
    return None
