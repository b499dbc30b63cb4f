"""What an input knows beyond the shared IR, kept beside it by operation key.

A dlt `rest_api` config names each resource's paginator and data selector (inference takes them
as they are) and holds the resource's templates (render turns them into code); an OpenAPI
document has neither. Kept out of `Operation` so the IR holds only what every input has.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from restwright.model.ir import ApiModel, JSONValue
from restwright.model.resource import ResourceConfig


@dataclass(frozen=True)
class StatedChoices:
    """One operation's stated paginator (checked, with `type`) and data selector, and who said so."""

    paginator: dict[str, JSONValue]
    data_selector: str | None
    evidence: str


@dataclass(frozen=True)
class ResourcePlan:
    """One operation of a config: its resource, and the paginator and selector the config states."""

    resource: ResourceConfig
    stated: StatedChoices


@dataclass
class ModelledApi:
    """An input as later stages see it: the shared `ApiModel`, and a config's plans by operation key."""

    model: ApiModel
    plans: dict[str, ResourcePlan] = field(default_factory=dict)
