"""Parameters, request bodies, responses and headers that operations share through `$ref`.

A component reached from many operations is one thing: it is built once and the models hoisted
from its schema take their keys from the component key (`Page`, `Page.item`), not from whichever
operation happened to mention it first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from restwright.diagnostics import Location
from restwright.load.kinds import HTTP_METHODS
from restwright.load.pointer import join_pointer, split_pointer
from restwright.model.refs import LocalRefs

# In the order they are built: a key clash between sections resolves the same way every time.
SHARED_SECTIONS = ("parameters", "requestBodies", "responses", "headers")

Component = tuple[str, str]  # (section, key): ("responses", "Page")
_Built = TypeVar("_Built")


def shared_component(location: Location) -> Component | None:
    """The component at `location` when it is a shared parameter, body, response or header."""
    raw = location.pointer.split(
        "/"
    )  # asked for every parameter and response: no unquoting
    if len(raw) != 4 or raw[1] != "components" or raw[2] not in SHARED_SECTIONS:
        return None
    key = raw[3]
    if "~" in key or "%" in key:
        key = split_pointer(location.pointer)[2]
    return raw[2], key


def hint_for(location: Location, inline_hint: str) -> str:
    """The hoisting key for a schema below `location`: the component key when it is one."""
    component = shared_component(location)
    return component[1] if component is not None else inline_hint


def component_location(file: str, component: Component) -> Location:
    return Location(file, join_pointer(["components", *component]))


def built_once(
    memo: dict[Component, _Built], location: Location, build: Callable[[], _Built]
) -> _Built:
    """`build()` an inline object every time, a shared component only the first time."""
    component = shared_component(location)
    if component is None:
        return build()
    if component not in memo:
        memo[component] = build()
    return memo[component]


def reached_components(root: dict[str, Any], refs: LocalRefs) -> set[Component]:
    """The shared components some operation reaches through `$ref` (at the end of the chain).

    Only what operations reach gets built: an unused component response adds no model.
    """
    reached: set[Component] = set()
    nowhere = Location(refs.file)

    def follow(raw: Any) -> dict[str, Any]:
        value, target = refs.deref(raw, nowhere)
        component = shared_component(target)
        if component is not None:
            reached.add(component)
        return value if isinstance(value, dict) else {}

    paths = root.get("paths")
    for raw_item in (paths if isinstance(paths, dict) else {}).values():
        item = follow(raw_item)
        operations = [item[m] for m in HTTP_METHODS if isinstance(item.get(m), dict)]
        for owner in (item, *operations):
            parameters = owner.get("parameters")
            for entry in parameters if isinstance(parameters, list) else ():
                follow(entry)
        for operation in operations:
            follow(operation.get("requestBody"))
            responses = operation.get("responses")
            for status, entry in (
                responses if isinstance(responses, dict) else {}
            ).items():
                if str(status).startswith("x-"):
                    continue
                headers = follow(entry).get("headers")
                for header in (headers if isinstance(headers, dict) else {}).values():
                    follow(header)
    return reached
