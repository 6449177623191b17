"""Conversion of Python arguments to the text the native module takes (no decisions here)."""

from __future__ import annotations

import json
from datetime import datetime
from decimal import Decimal
from typing import Any, Dict, List, Optional, Type, TypeVar, Union

from . import _codec, _native

T = TypeVar("T")

Amount = Union[Decimal, int, str]
"""Money on input: a Decimal, an int, or a decimal string. Floats are refused."""


def amount(value: Amount, name: str) -> str:
    """An amount argument as decimal text; a float (or anything else) is a TypeError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int, str)):
        if isinstance(value, float):
            _codec.encode(value, name)  # raises the float TypeError
        raise TypeError(f"{name}: expected decimal.Decimal, int or str, got {type(value).__name__}")
    return str(_codec.encode(value, name))


def timestamp(value: datetime, name: str) -> str:
    """An aware datetime as RFC 3339 text; a naive one is a ValueError naming ``name``."""
    if not isinstance(value, datetime):
        raise TypeError(f"{name}: expected a timezone-aware datetime, got {type(value).__name__}")
    return _codec.format_datetime(value, name)


def text(value: str, name: str) -> str:
    """A string argument, checked."""
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected str, got {type(value).__name__}")
    return value


def optional_text(value: Optional[str], name: str) -> Optional[str]:
    """An optional string argument, checked."""
    return None if value is None else text(value, name)


def count(value: int, name: str) -> int:
    """A non-negative int argument (a sequence number, a limit), checked."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected int, got {type(value).__name__}")
    if value < 0:
        raise ValueError(f"{name}: expected a non-negative int, got {value}")
    return value


def dumps(value: Any, name: str) -> str:
    """A structured argument (dict, TypedDict, record) as JSON text for the core."""
    return _codec.dumps(value, name)


def load(cls: Type[T], json_text: str) -> T:
    """A core result (JSON text) as the typed record ``cls``."""
    return _codec.decode(cls, json.loads(json_text))


_SHAPES: Dict[Any, "_native.Shape"] = {}


def shape(cls: Type[T]) -> "_native.Shape":
    """The native module's compiled shape of the result type ``cls`` (compiled once): results built
    with it are exactly what :func:`load` makes of the same value's JSON."""
    compiled = _SHAPES.get(cls)
    if compiled is None:
        compiled = _native.Shape.compile(_codec.describe(cls))
        _SHAPES[cls] = compiled
    return compiled


def load_each(cls: Type[T], json_texts: List[str]) -> List[T]:
    """Each JSON text as a ``cls``."""
    return [_codec.decode(cls, json.loads(t)) for t in json_texts]
