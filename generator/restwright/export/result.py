"""The exported config as plain data, with the notes that become YAML comments."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class ExportedResource:
    """One dlt resource (`name` + `endpoint`) and what the export could not carry over for it."""

    config: dict[str, Any]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RestApiExport:
    """A dlt `rest_api` config split into parts so every loss can sit beside what it concerns.

    `client_notes` explain the client (credentials, servers); `skipped` names each operation
    that is not a resource and why. Nothing the spec says is dropped without a note.
    """

    client: dict[str, Any]
    resources: tuple[ExportedResource, ...]
    client_notes: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()

    @property
    def config(self) -> dict[str, Any]:
        """The config dict, ready for `rest_api_source(config)`."""
        return {
            "client": self.client,
            "resources": [r.config for r in self.resources],
        }
