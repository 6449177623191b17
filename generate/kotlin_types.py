"""Writes the Kotlin binding's mirrors of the core's types (``bindings-kotlin/native/src/types/mirrors.rs``)
from the description of the core's data: each core type restated as a ``#[uniffi::remote(Record)]`` or
``#[uniffi::remote(Enum)]`` with the core's documentation, so that uniffi generates the Kotlin data
classes and sealed classes, documented. The compiler checks every mirror against the core type, field
by field; this generator keeps their documentation and Kotlin defaults the core's.

What is decided here rather than read from the schema is in the tables below: which types Kotlin
exchanges (grouped by area), and the two shapes JSON Schema does not tell apart from others.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any, Dict, List, Optional, Tuple

Schema = Dict[str, Any]

PATH = "bindings-kotlin/native/src/types/mirrors.rs"
WIDTH = 110

# The core types Kotlin exchanges as typed records and enums, by area (the sections of the file).
AREAS: List[Tuple[str, List[str]]] = [
    ("Money", ["Money", "RoundingMode"]),
    ("Orders and quote contexts", ["Order", "OrderLine", "Customer", "QuoteContext"]),
    (
        "Quotes and their explanations",
        [
            "Quote",
            "QuoteLine",
            "Explanation",
            "Calculation",
            "Method",
            "ZeroReason",
            "TierChoice",
            "TierMetric",
            "LineDecision",
            "TargetKind",
            "Beaten",
            "BeatReason",
            "Skipped",
            "FailedCondition",
            "UnmatchedLine",
            "CapApplied",
            "CapKind",
        ],
    ),
    (
        "Referral codes and incentives",
        [
            "CodePolicy",
            "CodeFormat",
            "CodeProblem",
            "Discount",
            "Incentive",
            "IneligibleReason",
            "IncentivePreview",
            "CodeValidity",
            "CodeValidation",
        ],
    ),
    (
        "Affiliates",
        ["AffiliateStatus", "Registration", "AffiliateUpdate", "AffiliateStats", "AffiliateHold", "AffiliateView", "Click"],
    ),
    ("Invitations", ["InvitationStatus", "Invitation", "InviteOutcome", "InviteSkipped", "InviteError", "Acceptance"]),
    (
        "Sales, payments and refunds",
        [
            "AttributionSource",
            "NoCreditReason",
            "FraudCode",
            "FraudFlag",
            "TrackOutcome",
            "SaleOrigin",
            "Sale",
            "UpdateKind",
            "Payment",
            "Refund",
            "Reversal",
            "RefundOutcome",
        ],
    ),
    ("The ledger", ["CommissionStatus", "EntryKind", "Settlement", "Entry", "LineShare", "CommissionView", "Balance"]),
    ("Payouts", ["PayoutStatus"]),
    ("Erasure", ["CustomerErasure"]),
    ("Plan versions (the plan itself crosses as its JSON text, as configs do)", ["PlanVersion"]),
    ("Reports and calendar buckets", ["ProgramStats", "Report", "ReportRow", "Granularity", "Bucket"]),
    ("What-if on history", ["WhatIf", "WhatIfAmounts", "WhatIfAffiliate", "WhatIfSale"]),
    ("Events", ["Event"]),
    ("Webhooks", ["WebhookHeaders", "SignedWebhook"]),
]

# Enums whose variants carry one value, not fields: the core's `#[serde(tag, content)]` names the
# value's key (`{"state": "in_payout", "payout": 3}` is `Settlement::InPayout(3)`).
TUPLE_VARIANTS = {"Settlement": "payout"}
# The event's data is flattened into it (`#[serde(flatten)]`): the schema merges the data's variants
# into the event; the mirror keeps the core's two types, `Event { ..., data }` and `EventData`.
EVENT_DATA_DOC = "The type and its data."

INTEGER = {"uint32": "u32", "uint64": "u64", "int32": "i32", "int64": "i64"}


def camel(tag: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[._]", tag) if part)


def rust_doc(text: str) -> str:
    """Rust doc text for uniffi's Kotlin docs: intra-doc links unwrapped, lines of a paragraph joined."""
    text = re.sub(r"\[`([^`]+)`\](\([^)]*\)|\[[^\]]*\])?", r"`\1`", text)
    paragraphs = [" ".join(p.split()) for p in text.split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def doc_lines(text: str, indent: str) -> List[str]:
    lines: List[str] = []
    for i, paragraph in enumerate(rust_doc(text).split("\n\n")):
        if i:
            lines.append(f"{indent}///")
        lines += textwrap.wrap(
            paragraph, width=WIDTH, initial_indent=f"{indent}/// ", subsequent_indent=f"{indent}/// ",
            break_on_hyphens=False, break_long_words=False,
        )
    return lines


def json_types(schema: Schema) -> List[str]:
    kinds = schema.get("type", [])
    return kinds if isinstance(kinds, list) else [kinds]


def string_consts(schema: Schema) -> Optional[List[Schema]]:
    variants = schema.get("oneOf")
    if variants and all("const" in v and v.get("type") == "string" for v in variants):
        return variants
    return None


def tag_key(variants: List[Schema]) -> Optional[str]:
    keys = {k for v in variants for k, p in v.get("properties", {}).items() if "const" in p}
    return keys.pop() if len(keys) == 1 else None


class KotlinMirrors:
    def __init__(self, description: Dict[str, Any]):
        self.types: Dict[str, Schema] = description["types"]
        self.reads: Dict[str, Schema] = description["inputs"]
        missing = [n for _, names in AREAS for n in names if n not in self.types]
        if missing:
            raise SystemExit(f"kotlin_types: not in the description: {', '.join(missing)}")

    def rust_type(self, schema: Schema) -> str:
        kinds = json_types(schema)
        if "null" in kinds:
            return f"Option<{self.plain(schema, [k for k in kinds if k != 'null'])}>"
        for key in ("anyOf", "oneOf"):
            options = schema.get(key)
            if options and any(o.get("type") == "null" for o in options):
                rest = [o for o in options if o.get("type") != "null"]
                return f"Option<{self.rust_type(rest[0])}>"
        return self.plain(schema, kinds)

    def plain(self, schema: Schema, kinds: List[str]) -> str:
        ref = schema.get("$ref")
        if isinstance(ref, str):
            return ref.rsplit("/", 1)[-1]
        if "array" in kinds:
            return f"Vec<{self.rust_type(schema.get('items', {}))}>"
        if "string" in kinds:
            if schema.get("format") == "decimal":
                return "Decimal"
            if schema.get("format") == "date-time":
                return "Timestamp"
            if schema.get("maxLength") == 1 and schema.get("minLength") == 1:
                return "Symbol"
            return "String"
        if "integer" in kinds:
            return INTEGER[schema["format"]]
        if "boolean" in kinds:
            return "bool"
        raise SystemExit(f"kotlin_types: no Rust type for {schema}")

    def default(self, name: str, key: str, rust: str, schema: Schema) -> Optional[str]:
        """The Kotlin default of a field the core reads without (a `#[uniffi(default)]` attribute)."""
        read = self.reads.get(name, self.types[name])
        if key in read.get("required", []):
            return None
        read_schema = read.get("properties", {}).get(key, schema)
        if rust.startswith("Option<"):
            return "#[uniffi(default = None)]"
        if rust == "bool":
            return f"#[uniffi(default = {str(read_schema.get('default', False)).lower()})]"
        if rust in INTEGER.values():
            return f"#[uniffi(default = {read_schema.get('default', 0)})]"
        if rust.startswith("Vec<") or self.is_record(rust):
            return "#[uniffi(default)]"
        return None  # decimals and enums: no Kotlin literal; the caller gives them

    def is_record(self, rust: str) -> bool:
        schema = self.types.get(rust)
        return schema is not None and "properties" in schema and "oneOf" not in schema

    def fields(self, owner: str, schema: Schema, indent: str, skip: Tuple[str, ...] = (), public: bool = True) -> List[str]:
        out: List[str] = []
        for key, prop in schema.get("properties", {}).items():
            if key in skip:
                continue
            rust = self.rust_type(prop)
            out += doc_lines(prop.get("description", ""), indent)
            default = self.default(owner, key, rust, prop) if public else None
            if default:
                out.append(indent + default)
            out.append(f"{indent}{'pub ' if public else ''}{key}: {rust},")
        return out

    def record(self, name: str, schema: Schema, extra: Optional[List[str]] = None) -> List[str]:
        out = doc_lines(schema.get("description", ""), "")
        out += ["#[uniffi::remote(Record)]", f"pub struct {name} {{"]
        out += self.fields(name, schema, "    ")
        out += extra or []
        return out + ["}"]

    def enum(self, name: str, doc: str, variants: List[Tuple[str, str, List[str]]]) -> List[str]:
        """`variants`: (Rust name, doc, body lines: fields, or one `(Type)` line for a value)."""
        out = doc_lines(doc, "") + ["#[uniffi::remote(Enum)]", f"pub enum {name} {{"]
        for variant, variant_doc, body in variants:
            out += doc_lines(variant_doc, "    ")
            if not body:
                out.append(f"    {variant},")
            elif body[0].startswith("("):
                out.append(f"    {variant}{body[0]},")
            else:
                out += [f"    {variant} {{"] + body + ["    },"]
        return out + ["}"]

    def definition(self, name: str) -> List[str]:
        schema = self.types[name]
        if name == "Event":
            return self.event(schema)
        consts = string_consts(schema)
        if consts is not None:
            return self.enum(name, schema.get("description", ""), [(camel(v["const"]), v.get("description", ""), []) for v in consts])
        variants = schema.get("oneOf")
        if variants:
            key = tag_key(variants)
            if key is None:
                raise SystemExit(f"kotlin_types: {name} is neither a string enum nor a tagged enum")
            rows = []
            for v in variants:
                tag = v["properties"][key]["const"]
                if name in TUPLE_VARIANTS:
                    value = v["properties"].get(TUPLE_VARIANTS[name])
                    body = [f"({self.rust_type(value)})"] if value else []
                else:
                    body = self.fields(name, v, "        ", skip=(key,), public=False)
                rows.append((camel(tag), v.get("description", ""), body))
            return self.enum(name, schema.get("description", ""), rows)
        return self.record(name, schema)

    def event(self, schema: Schema) -> List[str]:
        data = ["    /// " + EVENT_DATA_DOC, "    pub data: EventData,"]
        out = self.record("Event", {k: v for k, v in schema.items() if k != "oneOf"}, data)
        rows = []
        for v in schema["oneOf"]:
            tag = v["properties"]["type"]["const"]
            described = rust_doc(v.get("description", ""))
            first_word = described.split(" ", 1)[0]
            if not (len(first_word) > 1 and first_word.isupper()):
                described = described[:1].lower() + described[1:]
            rows.append((camel(tag), f"`{tag}`: {described}", self.fields("Event", v["properties"]["data"], "        ", public=False)))
        return out + [""] + self.enum("EventData", "What happened, with its data.", rows)

    def render(self) -> str:
        out = [
            "//! The core's types mirrored for uniffi: each restates a core type exactly",
            "//! (`#[uniffi::remote(Record)]`, `#[uniffi::remote(Enum)]`; the compiler checks every field), with",
            "//! the core's documentation, which uniffi carries into the Kotlin classes. Fields the core reads",
            "//! without have Kotlin defaults (`None`, `false`, the core's number, an empty list or record).",
            "//! Generated by ./scripts/generate from schema/affiliate-kit.json (generate/kotlin_types.py): do not edit.",
            "",
            "use affiliate_kit::codes::*;",
            "use affiliate_kit::money::*;",
            "use affiliate_kit::plan::*;",
            "use affiliate_kit::program::*;",
            "use affiliate_kit::time::*;",
            "use affiliate_kit::webhook::*;",
            "use rust_decimal::Decimal;",
            "",
            "use crate::custom::{Symbol, Timestamp};",
        ]
        for area, names in AREAS:
            out += ["", f"// {area} " + "-" * (WIDTH - 4 - len(area))]
            for name in names:
                out += [""] + self.definition(name)
        return "\n".join(out) + "\n"


def render_all(description: Dict[str, Any]) -> Dict[str, str]:
    return {PATH: KotlinMirrors(description).render()}
