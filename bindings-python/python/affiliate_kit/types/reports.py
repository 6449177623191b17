"""Stats, reports and calendar buckets (``core/src/program/reads/reports.rs``, ``core/src/time/mod.rs``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import List, Literal, Optional

from .._codec import Record
from .money import Money

__all__ = ["Granularity", "Bucket", "ProgramStats", "ReportRow", "Report"]

#: The size of a calendar bucket (``Granularity``).
Granularity = Literal["day", "week", "month", "quarter", "year"]


@dataclass(frozen=True)
class Bucket(Record):
    """A calendar bucket: its label and the half-open UTC interval ``[start, end)``."""

    label: str
    start: datetime
    end: datetime


@dataclass(frozen=True)
class ProgramStats(Record):
    """Totals for one affiliate or the whole program, in the program currency."""

    affiliate_id: Optional[str]
    affiliates: int
    active_affiliates: int
    sales: int
    referrals: int
    revenue: Money
    earned: Money
    reversed: Money
    pending: Money
    payable: Money
    in_payout: Money
    paid: Money


@dataclass(frozen=True)
class ReportRow(Record):
    """One bucket of a report."""

    label: str
    start: datetime
    end: datetime
    sales: int
    revenue: Money
    earned: Money
    reversed: Money


@dataclass(frozen=True)
class Report(Record):
    """A report: one row per calendar bucket of the program's timezone."""

    timezone: str
    granularity: Granularity
    affiliate_id: Optional[str]
    rows: List[ReportRow]
