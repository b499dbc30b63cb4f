"""Every exception leaves the runtime redacted: its text, its arguments and its whole chain.

`requests` wraps urllib3's errors, which quote the request URL with its query string; `raise
... from error` keeps them as `__cause__`, and Python keeps the error being handled as
`__context__`. A traceback or `logging.exception` prints every link, and a `repr` shows the
arguments. So redaction cannot be a matter of writing careful messages: the runtime's
boundaries (the retrying session, the client's send and pagination, the token fetch) hand every
escaping exception to `redact_exception`, which masks secrets in place in all of them. The
exception keeps its identity, type and traceback; only text changes.
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, Generator, Iterable, TypeVar, cast

from .redact import redact_text

__all__ = ["RedactedError", "redact_exception", "redacts_errors"]

E = TypeVar("E", bound=BaseException)
F = TypeVar("F", bound=Callable[..., Any])

# OSError prints these rather than its args.
_OS_ERROR_FIELDS = ("strerror", "filename", "filename2")


class RedactedError(Exception):
    """Stands in, in a chain, for an exception whose text could not be redacted in place."""


def redact_exception(error: E, extra_names: Iterable[str] = ()) -> E:
    """Mask secrets in `error` and in every exception reachable from it, in place; return it.

    Reachable: `__cause__`, `__context__`, exceptions held in `args` or attributes (urllib3's
    `reason`). Strings in `args`, in attributes and in `__notes__` are redacted. A linked
    exception that still shows a secret afterwards (its own `__str__` reads fields we cannot
    reach) is replaced in the chain by a `RedactedError` with its redacted text.
    """
    _Redactor(tuple(extra_names)).visit(error)
    return error


class _Redactor:
    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        self.seen: set[int] = set()

    def text(self, value: str) -> str:
        return redact_text(value, self.names)

    def visit(self, error: BaseException) -> None:
        if id(error) in self.seen:
            return
        self.seen.add(id(error))
        try:
            error.args = tuple(self.value(arg) for arg in error.args)
        except (AttributeError, TypeError):  # an exception type that fixes its args
            pass
        for name, value in list(getattr(error, "__dict__", {}).items()):
            if isinstance(value, (str, BaseException)) or name == "__notes__":
                self.set(error, name, self.value(value))
        if isinstance(error, OSError):
            for name in _OS_ERROR_FIELDS:
                value = getattr(error, name, None)
                if isinstance(value, str):
                    self.set(error, name, self.text(value))
        error.__cause__ = self.link(error.__cause__)
        error.__context__ = self.link(error.__context__)

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, BaseException):
            self.visit(value)
        elif isinstance(value, (list, tuple)):
            return type(value)(self.value(item) for item in value)
        return value

    def link(self, error: BaseException | None) -> BaseException | None:
        if error is None:
            return None
        self.visit(error)
        try:
            shown = f"{error}\n{error!r}"
        except Exception:  # a __str__ that fails shows nothing, so leaks nothing
            return error
        if self.text(shown) == shown:
            return error
        stand_in = RedactedError(
            f"{type(error).__module__}.{type(error).__qualname__}: {self.text(str(error))}"
        )
        stand_in.__cause__ = error.__cause__
        stand_in.__context__ = error.__context__
        stand_in.__suppress_context__ = error.__suppress_context__
        return stand_in

    @staticmethod
    def set(error: BaseException, name: str, value: Any) -> None:
        try:
            setattr(error, name, value)
        except (AttributeError, TypeError):  # read-only: nothing more we can do there
            pass


def redacts_errors(function: F) -> F:
    """Decorate a runtime boundary: any exception leaving `function` is redacted first.

    Works for generator functions too (pagination), where exceptions leave during iteration.
    """
    if inspect.isgeneratorfunction(function):

        @functools.wraps(function)
        def generator(*args: Any, **kwargs: Any) -> Generator[Any, Any, Any]:
            try:
                return (yield from function(*args, **kwargs))
            except Exception as error:
                redact_exception(error)
                raise

        return cast(F, generator)

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return function(*args, **kwargs)
        except Exception as error:
            redact_exception(error)
            raise

    return cast(F, wrapper)
