"""AssessmentResult to and from JSON, so a closed assessment's result is stored once and
read back without scoring again. ENGINE_VERSION changes whenever the engine's output
changes meaning; a stored result of another version is scored again."""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any

from .results import AssessmentResult

ENGINE_VERSION = "2026.12-3"  # roles withheld when crossing them with teams is unsafe


def result_to_json(result: AssessmentResult) -> dict[str, Any]:
    return dataclasses.asdict(result)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(kind: Any, value: Any) -> Any:
    if value is None:
        return None
    if dataclasses.is_dataclass(kind) and isinstance(kind, type):
        hints = _hints(kind)
        return kind(**{f.name: _decode(hints[f.name], value[f.name]) for f in dataclasses.fields(kind)})
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is tuple:
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], item) for item in value)
        return tuple(_decode(arg, item) for arg, item in zip(args, value, strict=True))
    if origin in (typing.Union, types.UnionType):
        return _decode(next(arg for arg in args if arg is not type(None)), value)
    return value


def result_from_json(data: dict[str, Any]) -> AssessmentResult:
    return _decode(AssessmentResult, data)
