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
import inspect
import itertools
import json
import re
from collections.abc import Mapping as AbcMapping
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation
from typing import (
    Any,
    ClassVar,
    Callable,
    Dict,
    FrozenSet,
    Iterable,
    List,
    Literal,
    Optional,
    Tuple,
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
    "describe",
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
#
# decode() compiles each type once into a decoder, a function of the JSON value alone, cached in
# _DECODERS. A dataclass decoder holds a table built from the type hints on its first object: per field
# (name, JSON key, field decoder, what to do when the key is absent), plus the frozenset of known keys;
# it then builds the frozen instance field by field as the dataclass's own __init__ would (see
# _builds_directly). Lists, dicts, optionals, tagged unions, literals, decimals, datetimes and scalars
# are small closures. Decoders know nothing of the path: a failure raises _Failure, each container
# appends its step (key or index) while the failure unwinds, and decode() turns it into the TypeError
# or ValueError with the full path, the same message the step-by-step decoder formatted. So a success
# formats no path at all (a one-order quote decodes about 6 times faster).

#: A compiled decoder: JSON value in, typed value out; raises _Failure.
Decoder = Callable[[Any], Any]

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


class _Failure(Exception):
    """A decoding error on its way up to :func:`decode`, which raises it as ``error`` with the path.

    ``steps`` collects the path innermost first: ``(False, key)`` for an object key, ``(True, index)``
    for an array index. ``bare`` messages always get ``"{path}: "`` (even an empty path). ``replaces`` is
    the exception this one stands for: the final error keeps it as context, raised ``from None``."""

    def __init__(
        self,
        message: str,
        error: Type[Exception] = TypeError,
        bare: bool = False,
        replaces: Optional[BaseException] = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.error = error
        self.bare = bare
        self.replaces = replaces
        self.steps: List[Tuple[bool, Any]] = []

    def exception(self, path: str) -> Exception:
        """The public exception, its message prefixed with ``path`` and the collected steps."""
        full: Any = path  # a key stays as it is, like ``f"{path}.{key}" if path else key``
        for is_index, step in reversed(self.steps):
            if is_index:
                full = f"{full}[{step}]"
            else:
                full = f"{full}.{step}" if full else step
        text = f"{full}: {self.message}" if self.bare or full else self.message
        error = self.error(text)
        error.__context__ = self.replaces
        return error


def _locate(decoder: Decoder, items: Iterable[Tuple[Any, Any]], is_index: bool, first: _Failure) -> _Failure:
    """After ``decoder`` failed on one of ``items`` (pairs of index or key and value) while a list or
    dict was built in one go: decodes them again in order and returns the first failure with its step.
    Decoders are pure, so the same item fails again; only failures pay for the search."""
    for step, value in items:
        try:
            decoder(value)
        except _Failure as failure:
            failure.steps.append((is_index, step))
            return failure
    return first  # not reached: the same value fails again


@overload
def decode(cls: Type[T], obj: object, path: str = ...) -> T: ...


@overload
def decode(cls: Any, obj: object, path: str = ...) -> Any: ...


def decode(cls: Any, obj: object, path: str = "") -> Any:
    """Builds a value of type ``cls`` (a dataclass or a typing construct) from parsed JSON, strictly.

    ``path`` prefixes error messages (``lines[0].base``). Raises ``TypeError`` for a shape the binding
    does not expect (unknown or missing key, wrong JSON type, unknown tag or enum value) and
    ``ValueError`` for a decimal or timestamp string it cannot parse.

    The decoder of ``cls`` is compiled on first use and cached (see :func:`_decoder`).
    """
    try:
        return _decoder(cls)(obj)
    except _Failure as failure:
        error, replaced = failure.exception(path), failure.replaces is not None
    if replaced:  # as ``raise ... from None`` in the handler of the replaced exception
        raise error from None
    raise error


#: Compiled decoders by type. The type is kept with its decoder: typing constructs that differ only in
#: order compare equal (``Literal["a", "b"] == Literal["b", "a"]``) but list their members in that order
#: in error messages, so an entry is used only for the very object it was compiled for.
_DECODERS: Dict[Any, Tuple[Any, Decoder]] = {}


def _decoder(cls: Any) -> Decoder:
    """The decoder of ``cls``, compiled once (a dataclass's fields are resolved on its first object)."""
    try:
        entry = _DECODERS.get(cls)
    except TypeError:  # an unhashable typing construct, e.g. Literal[[1]]: compiled each time
        return _compile(cls)
    if entry is not None and entry[0] is cls:
        return entry[1]
    decoder = _compile(cls)
    _DECODERS[cls] = (cls, decoder)
    return decoder


def _compile(cls: Any) -> Decoder:
    """A new decoder for ``cls``; one that always fails for a type the codec does not handle."""
    if cls is Any:
        return _identity
    origin = get_origin(cls)
    if origin is Union:
        return _union_decoder(cls)
    if origin is Literal:
        return _literal_decoder(get_args(cls))
    if origin is list:
        (item,) = get_args(cls) or (Any,)
        return _list_decoder(_decoder(item))
    if origin in (dict, AbcMapping):
        _, value_type = get_args(cls) or (str, Any)
        return _dict_decoder(_decoder(value_type))
    if dataclasses.is_dataclass(cls) and isinstance(cls, type):
        return _dataclass_decoder(cls)
    scalar = _SCALARS.get(cls) if isinstance(cls, type) else None
    if scalar is not None:
        return scalar
    return _unsupported_decoder(cls)


def _identity(obj: Any) -> Any:
    return obj


def _unsupported_decoder(cls: Any) -> Decoder:
    def decode_unsupported(obj: Any) -> Any:
        raise _Failure(f"the codec cannot decode type {cls!r}", bare=True)

    return decode_unsupported


def _literal_decoder(allowed: Tuple[Any, ...]) -> Decoder:
    if all(type(a) is str for a in allowed):
        strings = frozenset(allowed)

        def decode_string_literal(obj: Any) -> Any:
            if type(obj) is str and obj in strings:
                return obj
            raise _Failure(f"unexpected value {obj!r}; expected one of {list(allowed)!r}")

        return decode_string_literal

    def decode_literal(obj: Any) -> Any:
        if any(type(obj) is type(a) and obj == a for a in allowed):
            return obj
        raise _Failure(f"unexpected value {obj!r}; expected one of {list(allowed)!r}")

    return decode_literal


def _list_decoder(item: Decoder) -> Decoder:
    def decode_list(obj: Any) -> Any:
        if not isinstance(obj, list):
            raise _Failure(f"expected an array, got {_json_type(obj)}")
        try:
            return list(map(item, obj))
        except _Failure as failure:
            raise _locate(item, enumerate(obj), True, failure) from None

    return decode_list


def _dict_decoder(value: Decoder) -> Decoder:
    def decode_dict(obj: Any) -> Any:
        if not isinstance(obj, dict):
            raise _Failure(f"expected an object, got {_json_type(obj)}")
        try:
            return {k: value(v) for k, v in obj.items()}
        except _Failure as failure:
            raise _locate(value, obj.items(), False, failure) from None

    return decode_dict


def _union_decoder(cls: Any) -> Decoder:
    args = get_args(cls)
    members = [m for m in args if m is not _NONE_TYPE]
    nullable = len(members) < len(args)
    if len(members) == 1:
        only = _decoder(members[0])

        def decode_optional(obj: Any) -> Any:
            if obj is None:
                if nullable:
                    return None
                raise _Failure("unexpected null")
            return only(obj)

        return decode_optional

    if not all(isinstance(m, type) and issubclass(m, Tagged) for m in members):

        def decode_untagged(obj: Any) -> Any:
            if obj is None and nullable:
                return None
            if obj is None:
                raise _Failure("unexpected null")
            raise _Failure(f"only unions of Tagged variants can be decoded, not {cls!r}", bare=True)

        return decode_untagged

    variants: List[Type[Tagged]] = members
    tag_key = variants[0].TAG_KEY
    by_tag: Dict[Any, Decoder] = {}
    for variant in variants:  # the first variant of a tag wins
        if variant.TAG not in by_tag:
            by_tag[variant.TAG] = _dataclass_decoder(variant, tag_key)
    names = [v.TAG for v in variants]

    def decode_tagged(obj: Any) -> Any:
        if obj is None:
            if nullable:
                return None
            raise _Failure("unexpected null")
        if not isinstance(obj, dict):
            raise _Failure(f"expected an object, got {_json_type(obj)}")
        tag = obj.get(tag_key)
        if type(tag) is str:
            variant = by_tag.get(tag)
        else:  # JSON gives str tags; anything else is compared as the variants' tags would be
            variant = next((by_tag[v.TAG] for v in variants if v.TAG == tag), None)
        if variant is None:
            raise _Failure(f"unknown {tag_key} {tag!r}; expected one of {names!r}")
        return variant(obj)

    return decode_tagged


class _Absent:
    """In place of a JSON key that the object never supplies: a tagged variant's field named like the
    tag key (the union has consumed it) or an internal field (not part of the JSON)."""

    __slots__ = ("key",)

    def __init__(self, key: str) -> None:
        self.key = key


#: A field's entry: (name, JSON key or _Absent, decoder, what to do when the key is absent): a function
#: that returns the default (built directly), raises the missing key, or is _left_to_init.
_Entry = Tuple[str, Any, Decoder, Callable[[], Any]]
#: A compiled dataclass: its entries in field order, its known JSON keys, whether it is built directly.
_Table = Tuple[Tuple[_Entry, ...], FrozenSet[Any], bool]

_new = object.__new__
_setattr = object.__setattr__
#: Default factories that build a fresh empty value and do nothing else.
_PLAIN_FACTORIES = (list, dict, set)


def _builds_directly(cls: type) -> bool:
    """Whether ``cls`` can be built by ``object.__new__`` and ``object.__setattr__`` per field in field
    order, defaults included: exactly what the ``__init__`` that ``@dataclass(frozen=True)`` generates
    does, without the keyword call (which costs more than the rest). Anything else keeps calling ``cls(**kwargs)``: a hand-written
    ``__init__`` or ``__new__``, a metaclass ``__call__``, ``__post_init__``, an ``InitVar`` or
    ``init=False`` field, a data descriptor named like a field, an internal field without a default,
    or a default factory other than ``list``, ``dict`` or ``set`` (it would run before later fields
    are decoded)."""
    params = getattr(cls, "__dataclass_params__", None)
    init: Any = cls.__dict__.get("__init__")
    code = getattr(init, "__code__", None)
    if not (
        params is not None
        and params.frozen
        and code is not None
        and code.co_filename == "<string>"  # generated by dataclasses (not written in a module)
        and code.co_name == "__init__"
        and type(cls).__call__ is type.__call__
        and getattr(cls, "__new__") is object.__new__
        and not hasattr(cls, "__post_init__")
    ):
        return False
    fields = dataclasses.fields(cls)
    try:
        parameters = list(inspect.signature(init).parameters)[1:]
    except (TypeError, ValueError):
        return False
    if parameters != [f.name for f in fields] or not all(f.init for f in fields):
        return False
    for f in fields:
        if hasattr(type(inspect.getattr_static(cls, f.name, None)), "__set__"):
            return False
        if f.default_factory is not dataclasses.MISSING and f.default_factory not in _PLAIN_FACTORIES:
            return False
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        if required and f.metadata.get("internal"):
            return False
    return True


def _dataclass_table(cls: type, tag_key: Optional[str]) -> _Table:
    hints = _hints(cls)
    public = _public_fields(cls)
    direct = _builds_directly(cls)
    known = {_json_key(f) for f in public}
    if tag_key is not None:  # the tag is read by the union; the variant sees the object without it
        known.add(tag_key)
    entries: List[_Entry] = []
    for f in dataclasses.fields(cls) if direct else public:
        key: Any = _json_key(f)
        internal = bool(f.metadata.get("internal"))
        if internal or key == tag_key:
            key = _Absent(key)
        absent: Callable[[], Any]
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
            absent = _missing(cls.__name__, key)
        elif not direct:
            absent = _left_to_init
        elif f.default_factory is not dataclasses.MISSING:
            absent = f.default_factory
        else:
            absent = itertools.repeat(f.default).__next__  # returns the default, in C
        entries.append((f.name, key, _identity if internal else _decoder(hints[f.name]), absent))
    return tuple(entries), frozenset(known), direct


def _missing(name: str, key: Any) -> Callable[[], Any]:
    """What a required field does when its key is absent: fail."""
    shown = key.key if isinstance(key, _Absent) else key

    def missing() -> Any:
        raise _Failure(f"{name}: missing key {shown!r}")

    return missing


def _left_to_init() -> Any:
    """Marks an optional field left out of ``cls(**kwargs)`` for ``__init__`` to fill (never called)."""
    raise AssertionError("not called")


def _dataclass_decoder(cls: type, tag_key: Optional[str] = None) -> Decoder:
    """The decoder of dataclass ``cls``; for a tagged variant, ``tag_key`` is ignored in the object."""
    name = cls.__name__
    table: Optional[Tuple[_Entry, ...]] = None
    known: FrozenSet[Any] = frozenset()
    direct = False

    def decode_dataclass(obj: Any) -> Any:
        nonlocal table, known, direct
        if not isinstance(obj, dict):
            raise _Failure(f"{name}: expected an object, got {_json_type(obj)}")
        if table is None:  # resolved on the first object, as type hints may name later classes
            entries, known_keys, builds_directly = _dataclass_table(cls, tag_key)
            known, direct = known_keys, builds_directly
            table = entries  # last: a thread that sees the table sees the rest
        if not known.issuperset(obj):
            unknown = next(key for key in obj if key not in known)
            raise _Failure(f"{name}: unknown key {unknown!r}")
        if direct:
            instance: Any = _new(cls)
            for field_name, key, field_decoder, absent in table:
                if key in obj:
                    try:
                        value = field_decoder(obj[key])
                    except _Failure as failure:
                        failure.steps.append((False, key))
                        raise
                else:
                    value = absent()
                _setattr(instance, field_name, value)
            return instance
        kwargs: Dict[str, Any] = {}
        for field_name, key, field_decoder, absent in table:
            if key in obj:
                try:
                    kwargs[field_name] = field_decoder(obj[key])
                except _Failure as failure:
                    failure.steps.append((False, key))
                    raise
            elif absent is not _left_to_init:
                absent()  # raises: the key is required
        return cls(**kwargs)

    return decode_dataclass


def _decode_decimal(obj: Any) -> Any:
    if not isinstance(obj, str):
        raise _Failure(f"expected a decimal string, got {_json_type(obj)}")
    try:
        number = Decimal(obj)
    except InvalidOperation:
        number = _NAN
    if not number.is_finite():
        raise _Failure(f"not a decimal: {obj!r}", ValueError)
    return number


def _decode_datetime(obj: Any) -> Any:
    if not isinstance(obj, str):
        raise _Failure(f"expected an RFC 3339 string, got {_json_type(obj)}")
    try:
        return parse_datetime(obj)
    except ValueError as error:
        raise _Failure(str(error), ValueError, replaces=error) from None


def _decode_bool(obj: Any) -> Any:
    if not isinstance(obj, bool):
        raise _Failure(f"expected a boolean, got {_json_type(obj)}")
    return obj


def _decode_int(obj: Any) -> Any:
    if not isinstance(obj, int) or isinstance(obj, bool):
        raise _Failure(f"expected an integer, got {_json_type(obj)}")
    return obj


def _decode_str(obj: Any) -> Any:
    if not isinstance(obj, str):
        raise _Failure(f"expected a string, got {_json_type(obj)}")
    return obj


_NAN = Decimal("NaN")
_SCALARS: Dict[type, Decoder] = {
    Decimal: _decode_decimal,
    datetime: _decode_datetime,
    bool: _decode_bool,
    int: _decode_int,
    str: _decode_str,
}


# ---------------------------------------------------------------------------------------------------
# Shapes: decoding done by the native module
#
# describe() turns a result type into the nested tuples the native module compiles into a Shape
# (bindings-python/src/objects.rs), so that a hot call builds its records straight from the core's
# value, with no JSON text and no decoder in between. The description follows exactly the decoder's
# rules above: the same fields and JSON keys, the same defaults for absent keys, the same tagged
# unions, objects built directly when _builds_directly says so (else through the class).


def describe(cls: Any) -> Tuple[Any, ...]:
    """The shape description of ``cls`` (see above); ``TypeError`` for a type the decoder would refuse
    or a recursive one."""
    return _describe(cls, ())


def _describe(cls: Any, seen: Tuple[type, ...]) -> Tuple[Any, ...]:
    if cls is Any:
        return ("any",)
    origin = get_origin(cls)
    if origin is Union:
        args = get_args(cls)
        members = [m for m in args if m is not _NONE_TYPE]
        if len(members) == 1:
            inner = _describe(members[0], seen)
        elif all(isinstance(m, type) and issubclass(m, Tagged) for m in members):
            tag_key = members[0].TAG_KEY
            variants = tuple((v.TAG, _describe_record(v, tag_key, seen)) for v in members)
            inner = ("tagged", tag_key, variants)
        else:
            raise TypeError(f"no shape for {cls!r}")
        return ("optional", inner) if len(members) < len(args) else inner
    if origin is Literal:
        if all(type(a) is str for a in get_args(cls)):
            return ("str",)
        raise TypeError(f"no shape for {cls!r}")
    if origin is list:
        (item,) = get_args(cls) or (Any,)
        return ("list", _describe(item, seen))
    if origin in (dict, AbcMapping):
        _, value_type = get_args(cls) or (str, Any)
        return ("dict", _describe(value_type, seen))
    if dataclasses.is_dataclass(cls) and isinstance(cls, type):
        return _describe_record(cls, None, seen)
    if cls is Decimal:
        return ("decimal", Decimal)
    if cls is datetime:
        return ("datetime", parse_datetime)
    if cls in (bool, int, str):
        return (cls.__name__,)
    raise TypeError(f"no shape for {cls!r}")


def _describe_record(cls: type, tag_key: Optional[str], seen: Tuple[type, ...]) -> Tuple[Any, ...]:
    if cls in seen:
        raise TypeError(f"no shape for the recursive type {cls.__name__}")
    seen = seen + (cls,)
    hints = _hints(cls)
    direct = _builds_directly(cls)
    fields = []
    for f in dataclasses.fields(cls) if direct else _public_fields(cls):
        internal = bool(f.metadata.get("internal"))
        key: Optional[str] = None if internal or _json_key(f) == tag_key else _json_key(f)
        default: Any
        if not direct or (f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING):
            absent, default = 0, None  # required; or left to __init__ when not built directly
        elif f.default_factory is not dataclasses.MISSING:
            absent, default = 2, f.default_factory
        else:
            absent, default = 1, f.default
        shape = ("any",) if internal else _describe(hints[f.name], seen)
        fields.append((f.name, key, shape, absent, default))
    return ("record", cls, direct, tuple(fields), tag_key)


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
    return _encode(value, name, None)


#: Where a value sits under the argument: ``None`` for the argument itself, else (the parent's
#: ``_Where``, then a key (str) or an index (int)). The path text is built only for an error.
_Where = Optional[Tuple[Any, Any]]


def _path(name: str, where: _Where) -> str:
    steps: List[Any] = []
    while where is not None:
        where, step = where
        steps.append(step)
    return name + "".join(f"[{step}]" if type(step) is int else f".{step}" for step in reversed(steps))


def _encode(value: Any, name: str, where: _Where) -> Any:
    kind = type(value)
    if value is None or kind is str or kind is bool:
        return value
    if kind is dict:  # the usual case first: a dict of plain values
        out: Dict[str, Any] = {}
        for key, item in value.items():
            if type(key) is not str:
                raise TypeError(f"{_path(name, where)}: keys must be str, got {type(key).__name__} {key!r}")
            out[key] = item if type(item) is str else _encode(item, name, (where, key))
        return out
    if kind is list:
        return [item if type(item) is str else _encode(item, name, (where, i)) for i, item in enumerate(value)]
    if isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        raise TypeError(
            f"{_path(name, where)}: float is not accepted for money or amounts (floats lose cents); pass decimal.Decimal, int or str"
        )
    if isinstance(value, Decimal):
        return format(value, "f") if value.is_finite() else str(value)
    if isinstance(value, datetime):
        return format_datetime(value, _path(name, where))
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return _encode(to_dict(value), name, where)
    if isinstance(value, AbcMapping):
        mapped: Dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"{_path(name, where)}: keys must be str, got {type(key).__name__} {key!r}")
            mapped[key] = _encode(item, name, (where, key))
        return mapped
    if isinstance(value, (list, tuple)):
        return [_encode(item, name, (where, i)) for i, item in enumerate(value)]
    raise TypeError(f"{_path(name, where)}: cannot pass a {type(value).__name__} to the core")


def dumps(value: Any, name: str) -> str:
    """:func:`encode` then compact JSON text."""
    return json.dumps(encode(value, name), separators=(",", ":"), ensure_ascii=False)
