"""The stateful affiliate ``Program``: affiliates, codes, invitations, attribution, the commission
ledger, payouts, events, reports and snapshots. Every verb is the core's, with its names; every
command takes the keyword ``at`` (a timezone-aware datetime): the core reads no clock.

A rejected command raises the exception of its kind and changes nothing. :meth:`Program.open` keeps a
program in a file instead of memory (see :mod:`affiliate_kit.durable`).
"""

from __future__ import annotations

import json
import os
from datetime import datetime
from typing import (
    TYPE_CHECKING,
    Any,
    Dict,
    List,
    Mapping,
    Optional,
    Sequence,
    Tuple,
    Type,
    TypeVar,
    Union,
)

from . import _native
from ._args import count, dumps, load, load_each, optional_text, shape, text, timestamp
from .codes import IncentiveArg
from .errors import AffiliateKitError
from .plans import Plan
from .types import (
    Acceptance,
    AffiliateStatus,
    AffiliateUpdate,
    AffiliateView,
    Balance,
    Click,
    CodeValidation,
    Commission,
    CommissionView,
    CustomerErasure,
    Entry,
    Event,
    Granularity,
    Invitation,
    InviteOutcome,
    Order,
    Payment,
    Payout,
    PlanVersion,
    ProgramConfig,
    ProgramConfigInput,
    ProgramStats,
    Quote,
    QuoteLine,
    Refund,
    RefundOutcome,
    Registration,
    Report,
    Sale,
    TrackOutcome,
    WhatIf,
)
from .types.durable import Durability

if TYPE_CHECKING:
    from .durable import DurableProgram

__all__ = ["Program"]

T = TypeVar("T")

#: The arguments that are instants: aware datetimes, checked before the core sees them.
_TIMESTAMP_KEYS = ("at", "expires_at", "effective_from")


def _instant_keys(arguments: Mapping[str, Any]) -> List[str]:
    """The instant arguments given to a command (``at`` always, the others when not None)."""
    return [key for key in _TIMESTAMP_KEYS if key in arguments and (key == "at" or arguments[key] is not None)]

ConfigArg = Union[ProgramConfigInput, Mapping[str, Any], str]
"""A program configuration: a dict shaped like the config JSON, or the JSON text itself."""


def _config(config: ConfigArg) -> str:
    return config if isinstance(config, str) else dumps(config, "config")


class Program:
    """An affiliate program. ``Program(config)`` starts an empty one; :meth:`restore` reloads a
    snapshot; :meth:`replay` rebuilds one from a command log; :meth:`open` keeps one in a file.
    Pickles through its snapshot."""

    __slots__ = ("_native",)

    def __init__(self, config: ConfigArg) -> None:
        self._native = _native.Program(_config(config))

    @classmethod
    def _wrap(cls, native: _native.Program) -> "Program":
        program = cls.__new__(cls)
        program._native = native
        return program

    @classmethod
    def open(
        cls,
        path: Union[str, "os.PathLike[str]"],
        config: Optional[ConfigArg] = None,
        *,
        durability: Durability = "full",
        busy_timeout: float = 5.0,
        checkpoint_every: int = 100_000,
    ) -> "DurableProgram":
        """The program kept in the SQLite file at ``path``, or in PostgreSQL when ``path`` is a URL
        (``postgresql://user@host:port/db?program=main``: several machines share it): every command
        is committed before it answers, and reopening after any crash gives the same program. With
        ``config``, a missing program is created (one stored with another config is
        ``ConflictError``); without it, the program must exist (``InvalidInputError``).

        ``durability``: ``"full"`` (each commit synced: survives a power loss) or ``"normal"``
        (survives the process being killed); ``busy_timeout``: seconds a command waits for another
        process's write lock (PostgreSQL: the program's row lock) before ``BusyError``;
        ``durability`` applies to files only; ``checkpoint_every``: commands between automatic
        checkpoints (``0``: none). See :class:`~affiliate_kit.durable.DurableProgram`."""
        from .durable import DurableProgram

        return DurableProgram(
            path, config, durability=durability, busy_timeout=busy_timeout, checkpoint_every=checkpoint_every
        )

    @classmethod
    def restore(cls, snapshot: str) -> "Program":
        """The program a :meth:`snapshot` was taken of (its command log starts empty)."""
        return cls._wrap(_native.Program.restore(text(snapshot, "snapshot")))

    @classmethod
    def replay(cls, config: ConfigArg, log: Union[str, Sequence[Mapping[str, Any]]]) -> "Program":
        """The program that running the commands of ``log`` (see :meth:`command_log`) gives."""
        log_json = log if isinstance(log, str) else dumps(list(log), "log")
        return cls._wrap(_native.Program.replay(_config(config), log_json))

    def __reduce__(self) -> Tuple[Any, ...]:
        return (Program.restore, (self.snapshot(),))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Program) and self.snapshot() == other.snapshot()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        stats = self.stats()
        return f"<Program {self.config().currency} affiliates={len(self.affiliates())} sales={stats.sales}>"

    @staticmethod
    def _command(verb: str, arguments: Mapping[str, Any]) -> str:
        command: Dict[str, Any] = {"verb": verb}
        command.update({k: v for k, v in arguments.items() if v is not None})
        # Timestamps must be aware datetimes (as for the reads), not strings or numbers passed through.
        for key in _instant_keys(arguments):
            command[key] = timestamp(arguments[key], f"{verb}.{key}")
        return dumps(command, verb)

    def _run(self, cls: Type[T], verb: str, **arguments: Any) -> T:
        # The command as Python values, read by the native module; when it cannot read them (a value
        # the encoder converts in Python, or input the core refuses), as JSON, which answers exactly
        # as it always did. Timestamps must be datetimes on both paths.
        command: Dict[str, Any] = {"verb": verb}
        for key, value in arguments.items():
            if value is not None:
                command[key] = value
        timestamps_given = all(isinstance(arguments[key], datetime) for key in _instant_keys(arguments))
        answer: T = self._native.execute_values_into(command, shape(cls)) if timestamps_given else NotImplemented
        if answer is NotImplemented:
            answer = self._native.execute_into(self._command(verb, arguments), shape(cls))
        return answer

    def _run_list(self, cls: Type[T], verb: str, **arguments: Any) -> List[T]:
        answer = json.loads(self._native.execute(self._command(verb, arguments)))
        return [load(cls, json.dumps(item)) for item in answer]

    # ---- affiliates and codes -------------------------------------------------------------------

    def register_affiliate(self, registration: Registration, *, at: datetime) -> AffiliateView:
        """Registers an affiliate (unique e-mail, optional vanity code, group, parent)."""
        return self._run(AffiliateView, "register_affiliate", registration=registration, at=at)

    def update_affiliate(self, affiliate_id: str, update: AffiliateUpdate, *, at: datetime) -> AffiliateView:
        """Changes an affiliate's name, e-mail or group (``group: ""`` clears it)."""
        return self._run(AffiliateView, "update_affiliate", affiliate_id=affiliate_id, update=update, at=at)

    def set_affiliate_status(self, affiliate_id: str, status: AffiliateStatus, *, at: datetime) -> AffiliateView:
        """Moves an affiliate to ``pending``, ``active``, ``inactive`` or ``suspended``."""
        return self._run(AffiliateView, "set_affiliate_status", affiliate_id=affiliate_id, status=status, at=at)

    def delete_affiliate(self, affiliate_id: str, *, at: datetime) -> AffiliateView:
        """Deletes an affiliate; their ledger stays and what they are owed is still paid."""
        return self._run(AffiliateView, "delete_affiliate", affiliate_id=affiliate_id, at=at)

    def add_code(
        self,
        affiliate_id: str,
        code: str,
        incentive: Optional[IncentiveArg] = None,
        expires_at: Optional[datetime] = None,
        *,
        at: datetime,
    ) -> AffiliateView:
        """Gives an affiliate a vanity code, with an optional customer incentive and expiry."""
        return self._run(
            AffiliateView, "add_code", affiliate_id=affiliate_id, code=code, incentive=incentive, expires_at=expires_at, at=at
        )

    def generate_code(
        self,
        affiliate_id: str,
        seed: int,
        incentive: Optional[IncentiveArg] = None,
        expires_at: Optional[datetime] = None,
        *,
        at: datetime,
    ) -> AffiliateView:
        """Gives an affiliate a generated code (with a check symbol) drawn from ``seed``."""
        if isinstance(seed, bool) or not isinstance(seed, int):
            raise TypeError(f"seed: expected int, got {type(seed).__name__}")
        return self._run(
            AffiliateView, "generate_code", affiliate_id=affiliate_id, seed=seed, incentive=incentive, expires_at=expires_at, at=at
        )

    def validate_code(self, code: str, *, at: datetime) -> CodeValidation:
        """Whether a code as typed is a live code of an active affiliate, and its incentive."""
        return load(CodeValidation, self._native.validate_code(text(code, "code"), timestamp(at, "at")))

    # ---- invitations ----------------------------------------------------------------------------

    def invite(self, emails: Sequence[str], invited_by: Optional[str] = None, *, at: datetime) -> InviteOutcome:
        """Invites up to the batch limit of e-mail addresses (skipping members and pending ones)."""
        if isinstance(emails, str):
            raise TypeError("emails: expected a sequence of e-mail addresses, got a single str")
        return self._run(InviteOutcome, "invite", emails=list(emails), invited_by=invited_by, at=at)

    def accept_invitation(self, invitation_id: str, acceptance: Acceptance, *, at: datetime) -> AffiliateView:
        """Turns a pending invitation into an active affiliate whose parent is the inviter."""
        return self._run(AffiliateView, "accept_invitation", invitation_id=invitation_id, acceptance=acceptance, at=at)

    def expire_invitations(self, *, at: datetime) -> List[Invitation]:
        """Expires the invitations whose time is up; returns them."""
        return self._run_list(Invitation, "expire_invitations", at=at)

    # ---- attribution and orders -----------------------------------------------------------------

    def record_click(self, visitor_id: str, code: str, *, at: datetime) -> Click:
        """Records a visitor's click through a referral link."""
        return self._run(Click, "record_click", visitor_id=visitor_id, code=code, at=at)

    def track_order(self, order: Order, visitor_id: Optional[str] = None, *, at: datetime) -> TrackOutcome:
        """Attributes an order and writes its commissions (pending). Idempotent for the same order."""
        return self._run(TrackOutcome, "track_order", order=order, visitor_id=visitor_id, at=at)

    def track_many(
        self, orders: Sequence[Order], *, at: datetime, visitor_ids: Optional[Sequence[Optional[str]]] = None
    ) -> List[Union[TrackOutcome, AffiliateKitError]]:
        """Tracks each order as :meth:`track_order` does, answering each on its own: its outcome, or the
        exception of its error (that order changes nothing; the others are tracked all the same). A
        program kept in a file commits the batch in one transaction. ``visitor_ids``, when given, has one
        entry per order."""
        if visitor_ids is not None and len(visitor_ids) != len(orders):
            raise ValueError(f"visitor_ids: {len(visitor_ids)} values for {len(orders)} orders")
        visitors = visitor_ids if visitor_ids is not None else [None] * len(orders)
        commands = [
            self._command("track_order", {"order": order, "visitor_id": visitor, "at": at})
            for order, visitor in zip(orders, visitors)
        ]
        results: List[Union[TrackOutcome, AffiliateKitError]] = []
        for row in self._native.execute_many(commands):
            if isinstance(row, str):
                results.append(load(TrackOutcome, row))
            elif isinstance(row, AffiliateKitError):
                results.append(row)
            else:  # not the core's error (cannot happen): raised, not answered
                raise row
        return results

    def record_payment(self, payment: Payment, *, at: datetime) -> TrackOutcome:
        """Records a subscription's next payment of a tracked order."""
        return self._run(TrackOutcome, "record_payment", payment=payment, at=at)

    def quote(self, order: Order, visitor_id: Optional[str] = None, *, at: datetime) -> TrackOutcome:
        """What :meth:`track_order` would credit, changing nothing."""
        return load(TrackOutcome, self._native.quote(dumps(order, "order"), visitor_id, timestamp(at, "at")))

    def refund(self, refund: Refund, *, at: datetime) -> RefundOutcome:
        """Refunds an order (an amount, lines, or all that is left): reversals or clawbacks."""
        return self._run(RefundOutcome, "refund", refund=refund, at=at)

    def chargeback(self, refund: Refund, *, at: datetime) -> RefundOutcome:
        """As :meth:`refund`, recorded as a chargeback."""
        return self._run(RefundOutcome, "chargeback", refund=refund, at=at)

    # ---- settlement -----------------------------------------------------------------------------

    def approve_due(self, *, at: datetime) -> List[CommissionView]:
        """Approves the pending commissions past the holding period, oldest first."""
        return self._run_list(CommissionView, "approve_due", at=at)

    def reject_commission(self, commission_id: str, reason: str, *, at: datetime) -> CommissionView:
        """Rejects a pending, held or approved commission (a reversing entry is written)."""
        return self._run(CommissionView, "reject_commission", commission_id=commission_id, reason=reason, at=at)

    def hold_affiliate(self, affiliate_id: str, reason: str, *, at: datetime) -> AffiliateView:
        """Puts an affiliate on hold: their pending and new commissions are held, payouts skip them."""
        return self._run(AffiliateView, "hold_affiliate", affiliate_id=affiliate_id, reason=reason, at=at)

    def release_affiliate(self, affiliate_id: str, *, at: datetime) -> AffiliateView:
        """Lifts an affiliate's hold and releases every held commission of theirs (pending again)."""
        return self._run(AffiliateView, "release_affiliate", affiliate_id=affiliate_id, at=at)

    def reject_held(self, affiliate_id: str, reason: str, *, at: datetime) -> List[CommissionView]:
        """Rejects every held commission of an affiliate (a rejection entry each)."""
        return self._run_list(CommissionView, "reject_held", affiliate_id=affiliate_id, reason=reason, at=at)

    def hold_commission(self, commission_id: str, reason: str, *, at: datetime) -> CommissionView:
        """Holds a pending or approved commission (not in a payout)."""
        return self._run(CommissionView, "hold_commission", commission_id=commission_id, reason=reason, at=at)

    def release_commission(self, commission_id: str, *, at: datetime) -> CommissionView:
        """Releases a held commission: pending again until its holding period ends."""
        return self._run(CommissionView, "release_commission", commission_id=commission_id, at=at)

    def erase_affiliate(self, affiliate_id: str, *, at: datetime) -> AffiliateView:
        """Erases an affiliate's personal data from the program and its history; they become deleted.

        The command log held it as given: it is dropped (see :meth:`command_log`).
        """
        return self._run(AffiliateView, "erase_affiliate", affiliate_id=affiliate_id, at=at)

    def erase_customer(self, customer: str, *, at: datetime) -> CustomerErasure:
        """Erases a customer's personal data, found by e-mail or customer id, from their orders."""
        return self._run(CustomerErasure, "erase_customer", customer=customer, at=at)

    def create_payouts(self, *, at: datetime) -> List[Payout]:
        """Creates a payout for every account whose payable balance reaches the minimum."""
        return self._run_list(Payout, "create_payouts", at=at)

    def mark_payout_paid(self, payout_id: str, reference: Optional[str] = None, *, at: datetime) -> Payout:
        """Marks a created payout paid, with the payment's reference."""
        return self._run(Payout, "mark_payout_paid", payout_id=payout_id, reference=reference, at=at)

    def mark_payout_failed(self, payout_id: str, reason: str, *, at: datetime) -> Payout:
        """Marks a created payout failed: its entries become payable again."""
        return self._run(Payout, "mark_payout_failed", payout_id=payout_id, reason=reason, at=at)

    # ---- the plan's versions ---------------------------------------------------------------------

    def set_plan(
        self, plan: Union[Plan, Mapping[str, Any]], *, effective_from: datetime, at: datetime
    ) -> PlanVersion:
        """Sets a new version of the plan: orders (and, under ``payment_plan: "at_payment"``,
        follow-up payments) at or after ``effective_from`` are quoted with it; earlier ones keep
        theirs. ``effective_from`` before ``at`` is :class:`~affiliate_kit.InvalidInputError` (history
        is not rewritten), and so is one not after the last version's; a plan in another currency or
        with another period is :class:`~affiliate_kit.InvalidPlanError`. Emits ``plan.changed``."""
        spec = plan.to_dict() if isinstance(plan, Plan) else plan
        return self._run(PlanVersion, "set_plan", plan=spec, effective_from=effective_from, at=at)

    def plans(self) -> List[PlanVersion]:
        """Every version of the plan, oldest first (version 1 is the config's)."""
        return [load(PlanVersion, json.dumps(v)) for v in json.loads(self._native.plans())]

    # ---- events ---------------------------------------------------------------------------------

    def drain_events(self) -> List[Event]:
        """The events not drained before (the outbox), in order; they leave the outbox."""
        return [Event.from_json(t) for t in self._native.drain_events()]

    def events_since(self, sequence: int) -> List[Event]:
        """Every event with a sequence number above ``sequence`` (``0``: all)."""
        return [Event.from_json(t) for t in self._native.events_since(sequence)]

    # ---- reads ----------------------------------------------------------------------------------

    def affiliate(self, affiliate_id: str) -> AffiliateView:
        """One affiliate; NotFoundError if unknown."""
        return load(AffiliateView, self._native.affiliate(text(affiliate_id, "affiliate_id")))

    def affiliate_by_code(self, code: str) -> AffiliateView:
        """The affiliate owning a code (any spelling); NotFoundError if none."""
        return load(AffiliateView, self._native.affiliate_by_code(text(code, "code")))

    def affiliates(self) -> List[AffiliateView]:
        """Every affiliate, in registration order."""
        return load_each(AffiliateView, self._native.affiliates())

    def balance(self, affiliate_id: str, currency: str) -> Balance:
        """An affiliate's balance in a currency (pending, approved, payable, in payout, paid)."""
        return load(Balance, self._native.balance(text(affiliate_id, "affiliate_id"), text(currency, "currency")))

    def commission(self, commission_id: str) -> Commission:
        """One commission with its line shares and ledger entries."""
        return load(Commission, self._native.commission(text(commission_id, "commission_id")))

    def commissions(self) -> List[Commission]:
        """Every commission, in creation order."""
        return load_each(Commission, self._native.commissions())

    def entries(self) -> List[Entry]:
        """The immutable ledger entries, in order."""
        return load_each(Entry, self._native.entries())

    def sale(self, sale_id: str) -> Sale:
        """One tracked order or payment, with its outcome."""
        return load(Sale, self._native.sale(text(sale_id, "sale_id")))

    def explain(self, sale_id: str) -> Optional[Quote]:
        """The explained quote of a tracked order or payment, exactly as tracking answered it (rebuilt
        from what the sale keeps, however the affiliate or the ledger changed since); ``None`` when the
        plan did not quote it (see the outcome's ``reason``)."""
        quote = self._native.explain(text(sale_id, "sale_id"))
        return None if quote is None else load(Quote, quote)

    def explain_commission(self, commission_id: str) -> QuoteLine:
        """Why a commission is what it is: its quote line (rule, base, rate, caps and, at level 1,
        which rule won each order line and what it beat)."""
        return load(QuoteLine, self._native.explain_commission(text(commission_id, "commission_id")))

    def payout(self, payout_id: str) -> Payout:
        """One payout."""
        return load(Payout, self._native.payout(text(payout_id, "payout_id")))

    def payouts(self) -> List[Payout]:
        """Every payout, in creation order."""
        return load_each(Payout, self._native.payouts())

    def invitations(self) -> List[Invitation]:
        """Every invitation, in creation order."""
        return load_each(Invitation, self._native.invitations())

    def stats(self, affiliate_id: Optional[str] = None, currency: Optional[str] = None) -> ProgramStats:
        """Counts and totals of the whole program, or of one affiliate, in one currency (the program's
        by default): the sales in it and the commissions earned in it."""
        return load(ProgramStats, self._native.stats(affiliate_id, optional_text(currency, "currency")))

    def report(
        self,
        granularity: Granularity,
        from_: datetime,
        to: datetime,
        affiliate_id: Optional[str] = None,
        currency: Optional[str] = None,
    ) -> Report:
        """Sales and commissions per calendar bucket (in the program's time zone) in ``[from_, to)``, in
        one currency (the program's by default)."""
        return load(
            Report,
            self._native.report(
                text(granularity, "granularity"),
                timestamp(from_, "from"),
                timestamp(to, "to"),
                affiliate_id,
                optional_text(currency, "currency"),
            ),
        )

    def what_if(
        self,
        plan: Union[Plan, Mapping[str, Any]],
        *,
        from_: datetime,
        to: datetime,
        largest: int = 10,
        currency: Optional[str] = None,
    ) -> WhatIf:
        """What ``plan`` would have paid for the sales and payments tracked in ``[from_, to)`` in one
        currency (the program's by default), each quoted again with the context it had then: in total,
        per affiliate, and the ``largest`` sales that change most, beside the commissions written.
        Changes nothing."""
        spec = plan.to_json() if isinstance(plan, Plan) else dumps(plan, "plan")
        answer = self._native.what_if(
            spec, timestamp(from_, "from"), timestamp(to, "to"), count(largest, "largest"), optional_text(currency, "currency")
        )
        return load(WhatIf, answer)

    def config(self) -> ProgramConfig:
        """The configuration, with every default filled in."""
        return load(ProgramConfig, self._native.config())

    def plan(self) -> Plan:
        """The config's commission plan (version 1; :meth:`plans` lists every version)."""
        return Plan.from_json(self._native.plan())

    def command_log(self) -> List[Dict[str, Any]]:
        """The accepted commands since the program was created (or restored), as the core's JSON."""
        log: List[Dict[str, Any]] = json.loads(self._native.command_log())
        return log

    def snapshot(self) -> str:
        """The whole state as JSON (``schema_version`` 2); :meth:`restore` reads it back."""
        return self._native.snapshot()
