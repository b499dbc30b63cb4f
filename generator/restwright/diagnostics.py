"""Errors and warnings as values with a place; only the CLI turns them into messages and exit codes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


def escape_pointer_token(token: str) -> str:
    """Escape one JSON pointer token (RFC 6901): `~` → `~0`, `/` → `~1`."""
    return token.replace("~", "~0").replace("/", "~1")


@dataclass(frozen=True, order=True)
class Location:
    """A place in an input: the file and a JSON pointer into it ("" is the whole document)."""

    file: str
    pointer: str = ""

    def child(self, *tokens: str | int) -> "Location":
        """The location of a member below this one."""
        tail = "".join("/" + escape_pointer_token(str(t)) for t in tokens)
        return Location(self.file, self.pointer + tail)

    def __str__(self) -> str:
        return f"{self.file}#{self.pointer}" if self.pointer else self.file


@dataclass(frozen=True)
class Diagnostic:
    """One problem found in the input. `cause` keeps the root cause a wrapper would otherwise hide."""

    severity: Severity
    message: str
    location: Location
    cause: str | None = None

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}"
        return f"{text} ({self.cause})" if self.cause else text


class RestwrightError(Exception):
    """Raised to abort a stage with diagnostics that carry their place; the CLI prints them."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        super().__init__("; ".join(str(d) for d in diagnostics))
        self.diagnostics = diagnostics

    @classmethod
    def at(
        cls, location: Location, message: str, cause: str | None = None
    ) -> "RestwrightError":
        return cls([Diagnostic("error", message, location, cause)])
