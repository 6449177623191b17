"""Generic conversion between the core's JSON and typed Python values. No business logic here.

* :func:`decode` builds frozen dataclasses (and lists, optionals, dicts, decimals, datetimes, literals,
  tagged unions) from parsed JSON, strictly: an unknown or a missing key raises ``TypeError``.
* :func:`to_dict` turns a dataclass back into a plain dict keyed by the core's JSON names.
* :func:`encode` / :func:`dumps` turn user input into JSON for the core, refusing floats and naive
  datetimes.

Conventions for the dataclasses in ``affiliate_kit.types``:

* a field has a default exactly when the core may leave its key out of the JSON
  (``skip_serializing_if``); a key the core always writes is required, even when its value may be null;
* a field whose JSON key is not a valid Python name (``from``) names its key with
  ``field(metadata={"json_key": "from"})``;
* a field with ``metadata={"internal": True}`` is not part of the JSON (see ``Event``);
* a variant of a Rust enum serialized with ``#[serde(tag = "...")]`` is a :class:`Tagged` dataclass
  whose ``TAG_KEY`` names the tag field and ``TAG`` its value; a field holding such an enum is
  annotated ``Union[VariantA, VariantB, ...]`` and :func:`decode` picks the variant by the tag.

Errors: :func:`decode` raises ``TypeError`` for any shape the binding does not expect (wrong JSON type,
unknown or missing key, unknown tag or enum value) and ``ValueError`` for a decimal or timestamp string
it cannot parse.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping as AbcMapping
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import (
    Any,
    ClassVar,
    Dict,
    List,
    Literal,
    Type,
    TypeVar,
    Union,
    get_args,
    get_origin,
    get_type_hints,
    overload,
)

__all__ = [
    "Record",
    "Tagged",
    "decode",
    "to_dict",
    "encode",
    "dumps",
    "parse_datetime",
    "format_datetime",
]

T = TypeVar("T")

_NONE_TYPE = type(None)


class Record:
    """Base of every result dataclass: adds :meth:`to_dict`."""

    __slots__ = ()

    def to_dict(self) -> Dict[str, Any]:
        """The record as a plain dict keyed by the core's JSON names (Decimal and datetime kept)."""
        return to_dict(self)


class Tagged(Record):
    """Base of the variants of an internally tagged Rust enum (``#[serde(tag = "type")]``)."""

    __slots__ = ()

    #: The JSON key holding the tag.
    TAG_KEY: ClassVar[str] = "type"
    #: This variant's tag value (set by each variant).
    TAG: ClassVar[str] = ""


# ---------------------------------------------------------------------------------------------------
# Timestamps

_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))"
)


def parse_datetime(text: str) -> datetime:
    """Parses an RFC 3339 timestamp (``Z`` or an offset) into an aware UTC datetime.

    Fractions beyond microseconds are truncated (Python keeps 6 digits). Raises ``ValueError``.
    """
    match = _RFC3339.fullmatch(text)
    if match is None:
        raise ValueError(f"not an RFC 3339 timestamp: {text!r}")
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = match.groups()
    micros = int((fraction or "")[:6].ljust(6, "0"))
    if zulu:
        tz = timezone.utc
    else:
        offset = timedelta(hours=int(off_h), minutes=int(off_m))
        tz = timezone(-offset if sign == "-" else offset)
    try:
        value = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second), micros, tzinfo=tz)
        return value.astimezone(timezone.utc)
    except (ValueError, OverflowError) as error:
        raise ValueError(f"not a valid timestamp: {text!r} ({error})") from None


def format_datetime(value: datetime, path: str = "value") -> str:
    """An aware datetime as RFC 3339 in UTC with ``Z``; a naive one raises ``ValueError``."""
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise ValueError(
            f"{path}: naive datetime refused; pass a timezone-aware datetime, "
            "e.g. datetime(2026, 1, 1, tzinfo=timezone.utc)"
        )
    utc = value.astimezone(timezone.utc)
    text = f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}T{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
    if utc.microsecond:
        text += f".{utc.microsecond:06d}"
    return text + "Z"


# ---------------------------------------------------------------------------------------------------
# Decoding

_HINTS: Dict[type, Dict[str, Any]] = {}


def _hints(cls: type) -> Dict[str, Any]:
    hints = _HINTS.get(cls)
    if hints is None:
        hints = get_type_hints(cls)
        _HINTS[cls] = hints
    return hints


def _json_key(f: "dataclasses.Field[Any]") -> str:
    return str(f.metadata.get("json_key", f.name))


def _public_fields(cls: Any) -> List["dataclasses.Field[Any]"]:
    return [f for f in dataclasses.fields(cls) if not f.metadata.get("internal")]


def _json_type(obj: object) -> str:
    if obj is None:
        return "null"
    if isinstance(obj, bool):
        return "boolean"
    if isinstance(obj, (int, float)):
        return "number"
    if isinstance(obj, str):
        return "string"
    if isinstance(obj, list):
        return "array"
    if isinstance(obj, dict):
        return "object"
    return type(obj).__name__


def _prefixed(path: str, message: str) -> str:
    return f"{path}: {message}" if path else message


def _fail(path: str, message: str) -> TypeError:
    return TypeError(_prefixed(path, message))


@overload
def decode(cls: Type[T], obj: object, path: str = ...) -> T: ...


@overload
def decode(cls: Any, obj: object, path: str = ...) -> Any: ...


def decode(cls: Any, obj: object, path: str = "") -> Any:
    """Builds a value of type ``cls`` (a dataclass or a typing construct) from parsed JSON, strictly.

    ``path`` prefixes error messages (``lines[0].base``). Raises ``TypeError`` for a shape the binding
    does not expect (unknown or missing key, wrong JSON type, unknown tag or enum value) and
    ``ValueError`` for a decimal or timestamp string it cannot parse.
    """
    if cls is Any:
        return obj
    origin = get_origin(cls)
    if origin is Union:
        return _decode_union(cls, obj, path)
    if origin is Literal:
        allowed = get_args(cls)
        if not any(type(obj) is type(a) and obj == a for a in allowed):
            raise _fail(path, f"unexpected value {obj!r}; expected one of {list(allowed)!r}")
        return obj
    if origin is list:
        if not isinstance(obj, list):
            raise _fail(path, f"expected an array, got {_json_type(obj)}")
        (item,) = get_args(cls) or (Any,)
        return [decode(item, v, f"{path}[{i}]") for i, v in enumerate(obj)]
    if origin in (dict, AbcMapping):
        if not isinstance(obj, dict):
            raise _fail(path, f"expected an object, got {_json_type(obj)}")
        _, value_type = get_args(cls) or (str, Any)
        return {k: decode(value_type, v, f"{path}.{k}" if path else k) for k, v in obj.items()}
    if dataclasses.is_dataclass(cls) and isinstance(cls, type):
        return _decode_dataclass(cls, obj, path)
    if cls is Decimal:
        if not isinstance(obj, str):
            raise _fail(path, f"expected a decimal string, got {_json_type(obj)}")
        try:
            number = Decimal(obj)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            raise ValueError(_prefixed(path, f"not a decimal: {obj!r}"))
        return number
    if cls is datetime:
        if not isinstance(obj, str):
            raise _fail(path, f"expected an RFC 3339 string, got {_json_type(obj)}")
        try:
            return parse_datetime(obj)
        except ValueError as error:
            raise ValueError(_prefixed(path, str(error))) from None
    if cls is bool:
        if not isinstance(obj, bool):
            raise _fail(path, f"expected a boolean, got {_json_type(obj)}")
        return obj
    if cls is int:
        if not isinstance(obj, int) or isinstance(obj, bool):
            raise _fail(path, f"expected an integer, got {_json_type(obj)}")
        return obj
    if cls is str:
        if not isinstance(obj, str):
            raise _fail(path, f"expected a string, got {_json_type(obj)}")
        return obj
    raise TypeError(f"{path}: the codec cannot decode type {cls!r}")


def _decode_union(cls: Any, obj: object, path: str) -> Any:
    members = [m for m in get_args(cls) if m is not _NONE_TYPE]
    if obj is None:
        if len(members) < len(get_args(cls)):
            return None
        raise _fail(path, "unexpected null")
    if len(members) == 1:
        return decode(members[0], obj, path)
    variants: List[Type[Tagged]] = []
    for m in members:
        if not (isinstance(m, type) and issubclass(m, Tagged)):
            raise TypeError(f"{path}: only unions of Tagged variants can be decoded, not {cls!r}")
        variants.append(m)
    if not isinstance(obj, dict):
        raise _fail(path, f"expected an object, got {_json_type(obj)}")
    tag_key = variants[0].TAG_KEY
    tag = obj.get(tag_key)
    for variant in variants:
        if variant.TAG == tag:
            body = {k: v for k, v in obj.items() if k != tag_key}
            return _decode_dataclass(variant, body, path)
    names = [v.TAG for v in variants]
    raise _fail(path, f"unknown {tag_key} {tag!r}; expected one of {names!r}")


def _decode_dataclass(cls: type, obj: object, path: str) -> Any:
    name = cls.__name__
    if not isinstance(obj, dict):
        raise _fail(path, f"{name}: expected an object, got {_json_type(obj)}")
    hints = _hints(cls)
    fields = _public_fields(cls)
    known = {_json_key(f) for f in fields}
    for key in obj:
        if key not in known:
            raise _fail(path, f"{name}: unknown key {key!r}")
    kwargs: Dict[str, Any] = {}
    for f in fields:
        key = _json_key(f)
        if key in obj:
            sub = f"{path}.{key}" if path else key
            kwargs[f.name] = decode(hints[f.name], obj[key], sub)
        elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            raise _fail(path, f"{name}: missing key {key!r}")
    return cls(**kwargs)


# ---------------------------------------------------------------------------------------------------
# Back to dicts


def to_dict(obj: Any) -> Dict[str, Any]:
    """A dataclass as a plain dict keyed by the core's JSON names: nested dataclasses become dicts,
    lists stay lists, Decimal and datetime values are kept. A tagged variant includes its tag."""
    if not (dataclasses.is_dataclass(obj) and not isinstance(obj, type)):
        raise TypeError(f"to_dict expects a dataclass instance, got {type(obj).__name__}")
    out: Dict[str, Any] = {}
    if isinstance(obj, Tagged):
        out[obj.TAG_KEY] = obj.TAG
    for f in _public_fields(obj):
        out[_json_key(f)] = _plain(getattr(obj, f.name))
    return out


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return to_dict(value)
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, AbcMapping):
        return {k: _plain(v) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------------------------------------
# Encoding user input


def encode(value: Any, name: str) -> Any:
    """Turns user input into JSON-compatible values for the core. ``name`` is the argument's name,
    used in error messages with the key path (``order.lines[0].unit_price``)."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        raise TypeError(
            f"{name}: float is not accepted for money or amounts (floats lose cents); pass decimal.Decimal, int or str"
        )
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else str(value)
    if isinstance(value, datetime):
        return format_datetime(value, name)
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return encode(to_dict(value), name)
    if isinstance(value, AbcMapping):
        out: Dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{name}: keys must be str, got {type(key).__name__} {key!r}")
            out[key] = encode(item, f"{name}.{key}")
        return out
    if isinstance(value, (list, tuple)):
        return [encode(item, f"{name}[{i}]") for i, item in enumerate(value)]
    raise TypeError(f"{name}: cannot pass a {type(value).__name__} to the core")


def dumps(value: Any, name: str) -> str:
    """:func:`encode` then compact JSON text."""
    return json.dumps(encode(value, name), separators=(",", ":"), ensure_ascii=False)
