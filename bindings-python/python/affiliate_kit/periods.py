"""Calendar buckets (day, ISO week, month, quarter, year) of reports, in an IANA time zone."""

from __future__ import annotations

import json
from datetime import datetime
from typing import List

from . import _codec, _native
from ._args import dumps, load, text, timestamp
from .types import Bucket, Granularity

__all__ = ["bucket_of", "buckets_between", "next_bucket", "timezone"]


def timezone(name: str) -> str:
    """The canonical name of an IANA time zone (``Europe/Paris``); else InvalidConfigError."""
    return _native.timezone(text(name, "timezone"))


def bucket_of(at: datetime, tz: str, granularity: Granularity) -> Bucket:
    """The bucket of ``granularity`` holding ``at`` in time zone ``tz``."""
    return load(Bucket, _native.bucket_of(timestamp(at, "at"), text(tz, "timezone"), text(granularity, "granularity")))


def next_bucket(bucket: Bucket, tz: str, granularity: Granularity) -> Bucket:
    """The bucket after ``bucket``."""
    return load(Bucket, _native.next_bucket(dumps(bucket, "bucket"), text(tz, "timezone"), text(granularity, "granularity")))


def buckets_between(from_: datetime, to: datetime, tz: str, granularity: Granularity) -> List[Bucket]:
    """The buckets covering ``[from_, to)``."""
    found = json.loads(
        _native.buckets_between(timestamp(from_, "from"), timestamp(to, "to"), text(tz, "timezone"), text(granularity, "granularity"))
    )
    return [_codec.decode(Bucket, b) for b in found]
