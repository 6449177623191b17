"""The TypeScript declarations of the core's data (bindings-wasm/js/lib/types.d.ts), from the JSON Schemas
of schema/affiliate-kit.json: `types` (each type as the core writes it) and `inputs` (the types whose
accepted input differs, as the core reads them). Called by render.py (./scripts/generate).

Each core type has two forms. The form the core *reads* (what the binding takes): keys with a default
may be left out, an instant is an `Instant` (a string or a Date), a u64 a `U64` (a number or a BigInt).
The form it *writes* (what the binding answers): an instant is an RFC 3339 string, a u64 a number, and a
key the core may leave out is never `null` (the core leaves out an `Option` exactly when it is `None`).
Every field of both is `readonly`. A type whose two forms differ gets a name per form in `NAMES`; a type
both taken and answered whose forms differ only by those `null`s has one name, in the form it is read.

The binding's own types (the scalars `Instant`, `Decimal`, `U64`, the answers it assembles itself, the
outcome of each command verb) are written by hand in lib/binding-types.d.ts, which types.d.ts re-exports.
"""

from __future__ import annotations

import json
import re
import textwrap
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence, Set, Tuple

Schema = Dict[str, Any]

READ, WRITTEN = "read", "written"

# The TypeScript name of each core type the binding takes (READ) or answers (WRITTEN). Every entry is
# declared, with every type it holds (in the same form, under its core name unless listed here).
NAMES: Dict[Tuple[str, str], str] = {
    # What the binding takes.
    ("PlanSpec", READ): "PlanSpec",
    ("Order", READ): "Order",
    ("QuoteContext", READ): "QuoteContext",
    ("Money", READ): "Money",
    ("CodePolicy", READ): "CodePolicyInput",
    ("Incentive", READ): "IncentiveInput",
    ("ListedCode", READ): "ListedCode",
    ("ProgramConfig", READ): "ProgramConfigInput",
    ("AttributionConfig", READ): "AttributionConfigInput",
    ("InvitationConfig", READ): "InvitationConfigInput",
    ("RefundEffects", READ): "RefundEffectsInput",
    ("FraudRules", READ): "FraudRulesInput",
    ("Command", READ): "Command",
    ("Bucket", READ): "BucketInput",
    ("WebhookHeaders", READ): "WebhookHeaders",
    # What it answers.
    ("PlanSpec", WRITTEN): "PlanDocument",
    ("RuleSpec", WRITTEN): "RuleDocument",
    ("Conditions", WRITTEN): "ConditionsDocument",
    ("Window", WRITTEN): "WindowDocument",
    ("BaseOptions", WRITTEN): "BaseOptionsDocument",
    ("Caps", WRITTEN): "CapsDocument",
    ("LevelSpec", WRITTEN): "LevelDocument",
    ("Quote", WRITTEN): "Quote",
    ("CodeFormat", WRITTEN): "CodeFormat",
    ("CodePolicy", WRITTEN): "CodePolicy",
    ("Incentive", WRITTEN): "Incentive",
    ("IncentivePreview", WRITTEN): "IncentivePreview",
    ("ProgramConfig", WRITTEN): "ProgramConfig",
    ("Command", WRITTEN): "LoggedCommand",
    ("CommandOutcome", WRITTEN): "CommandOutcome",
    ("Event", WRITTEN): "Event",
    ("AffiliateView", WRITTEN): "AffiliateView",
    ("Balance", WRITTEN): "Balance",
    ("Commission", WRITTEN): "Commission",
    ("Entry", WRITTEN): "LedgerEntry",
    ("Payout", WRITTEN): "Payout",
    ("Sale", WRITTEN): "Sale",
    ("ProgramStats", WRITTEN): "Stats",
    ("Report", WRITTEN): "Report",
    ("WhatIf", WRITTEN): "WhatIf",
    ("PlanVersion", WRITTEN): "PlanVersion",
    ("CodeValidation", WRITTEN): "CodeValidation",
    ("SignedWebhook", WRITTEN): "SignedWebhook",
    ("Bucket", WRITTEN): "Bucket",
}

# Tagged unions also declared by their tag: (the map of each tag's fields, the union of the tags, the
# type of one tag). The map holds a variant's fields without the tag, or its content when every variant
# is `{tag, <content>}` (an event's `data`).
BY_TAG: Dict[Tuple[str, str], Tuple[str, str, str]] = {
    ("Command", READ): ("CommandFieldsByVerb", "CommandVerb", "CommandOf"),
    ("Event", WRITTEN): ("EventDataByType", "EventType", "EventOf"),
}


@dataclass(frozen=True)
class Refinement:
    """Which of a type's optional keys go together, as the core checks after reading it."""

    by: Optional[str]  # the key whose value chooses the variant, if any
    name: Optional[str]  # the union of the variants, declared apart and joined to the other keys
    variants: Tuple[Tuple[Tuple[str, ...], Tuple[str, ...]], ...]  # (values of `by`, keys it requires)
    doc: str


# What the core's plan validation (core/src/plan/validate.rs) refuses and the schemas do not say: each
# variant requires its keys and forbids the others listed.
REFINEMENTS: Dict[str, Refinement] = {
    "RuleSpec": Refinement(
        by="commission",
        name="RuleCommission",
        variants=(
            (("percentage",), ("rate",)),
            (("flat_per_order", "flat_per_unit"), ("amount",)),
            (("tiered",), ("metric", "tiers")),
        ),
        doc="The fields of a rule that depend on its `commission` kind (the core refuses the others).",
    ),
    "TierSpec": Refinement(by=None, name=None, variants=(((), ("rate",)), ((), ("amount",))), doc=""),
}

# Forms the binding parses exactly (lib/encode.js, parseExact): an integer of 16 digits or more, such as
# a seed, comes back as a BigInt.
PARSED_EXACTLY = {("Command", WRITTEN)}

BINDING_MODULE = "./binding-types.js"  # the binding's own types: Instant, Decimal, U64, ...

WIDTH = 110  # of a line
DOC_WIDTH = 104  # of documentation

HEADER = [
    "// The values affiliate-kit takes and returns: the core's serde JSON documents, parsed.",
    "// Generated by ./scripts/generate from schema/affiliate-kit.json (the JSON Schemas of the core's types,",
    "// through generate/typescript.py): do not edit. The binding's own types (Instant, Decimal, U64,",
    "// CurrencyInfo, OrderTotals, the outcome of each command verb, ...) are in binding-types.d.ts,",
    "// re-exported here.",
    "//",
    "// Conventions, the same in every signature:",
    "// * Field names are the core's (snake_case).",
    '// * Money is `{amount, currency}` with the amount a decimal string ("30.00"); every other decimal',
    "//   (rates, thresholds, percentages) is a string too. A JS number is never a decimal: passing one is",
    "//   a TypeError at run time and a type error here.",
    "// * Integers (quantities, counts, days, priorities, sequence numbers) are numbers; a seed is a number",
    "//   or a BigInt.",
    "// * An instant going in is an `Instant`: an RFC 3339 string or a Date. Instants coming out are RFC 3339",
    "//   strings.",
    "// * A type the core reads and writes in different forms has a name for each: `PlanSpec` goes in,",
    "//   `PlanDocument` comes out.",
    "// * Results are read-only: every field of a result is `readonly`.",
]


class DescriptionError(ValueError):
    """The description holds something this generator cannot declare (or its tables are out of date)."""


@dataclass(frozen=True)
class Form:
    """How a schema is rendered: in which contract, and with which choices of that contract."""

    contract: str  # READ or WRITTEN
    strip: bool  # a key that may be left out is never null (the written form)
    exact: bool = False  # a u64 may come back as a BigInt (PARSED_EXACTLY)

    @staticmethod
    def of(contract: str, core: str = "") -> "Form":
        return Form(contract, contract == WRITTEN, (core, contract) in PARSED_EXACTLY)


# --- documentation ----------------------------------------------------------------------------------


def tidy(text: str) -> str:
    """Rust documentation as JSDoc text: intra-doc links as code spans, `None` as `null`."""
    text = re.sub(r"\[`(?:(?:crate|super|self)::)?(?:[a-z_][a-z0-9_]*::)*([^`\]]+)`\](?!\()", r"`\1`", text)
    text = text.replace("`None`", "`null`")
    return text.replace("*/", "*\\/")


def paragraphs(text: str) -> List[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", tidy(text).strip()) if p.strip()]


def jsdoc(text: str, indent: str, items: Sequence[Tuple[str, str]] = ()) -> List[str]:
    """A JSDoc comment of `text` (paragraphs kept), then a list of `items` (`value`: doc)."""
    paras = paragraphs(text) if text else []
    if not items and len(paras) == 1:
        one = f"{indent}/** {paras[0]} */"
        if len(one) <= WIDTH:
            return [one]
    if not paras and not items:
        return []
    prefix = f"{indent} * "
    lines = [f"{indent}/**"]
    for i, para in enumerate(paras):
        if i:
            lines.append(f"{indent} *")
        lines += textwrap.wrap(para, DOC_WIDTH, initial_indent=prefix, subsequent_indent=prefix, break_on_hyphens=False)
    if items:
        if paras:
            lines.append(f"{indent} *")
        for value, doc in items:
            text = f"- `{value}`" + (f": {' '.join(paragraphs(doc))}" if doc else "")
            lines += textwrap.wrap(text, DOC_WIDTH, initial_indent=prefix, subsequent_indent=prefix + "  ", break_on_hyphens=False)
    lines.append(f"{indent} */")
    return lines


# --- the schemas ------------------------------------------------------------------------------------


def quote(value: Any) -> str:
    return "'" + str(value).replace("\\", "\\\\").replace("'", "\\'") + "'"


def key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z_$][A-Za-z0-9_$]*", name) else quote(name)


def ref(node: Schema) -> Optional[str]:
    target = node.get("$ref")
    if target is None:
        return None
    if not target.startswith("#/$defs/"):
        raise DescriptionError(f"unsupported $ref {target}")
    return target[len("#/$defs/") :]


def kinds(node: Schema) -> List[str]:
    kind = node.get("type", [])
    return kind if isinstance(kind, list) else [kind]


def is_null(node: Any) -> bool:
    return isinstance(node, dict) and kinds(node) == ["null"] and len(set(node) - {"description"}) == 1


def non_null(node: Schema) -> Schema:
    """`node` without its null alternative."""
    if "null" in kinds(node) and len(kinds(node)) > 1:
        rest = [k for k in kinds(node) if k != "null"]
        return {**node, "type": rest[0] if len(rest) == 1 else rest}
    for union in ("anyOf", "oneOf"):
        alternatives = node.get(union)
        if alternatives and any(is_null(a) for a in alternatives):
            rest = [a for a in alternatives if not is_null(a)]
            if len(rest) == 1:
                merged = dict(rest[0])
                if "description" in node and "description" not in merged:
                    merged["description"] = node["description"]
                return merged
            return {**node, union: rest}
    return node


def nullable(node: Schema) -> bool:
    return non_null(node) is not node


def tag_of(variants: List[Schema]) -> Optional[str]:
    """The key every variant holds a constant string in, if the variants are tagged objects."""
    if not variants or not all(isinstance(v, dict) and v.get("properties") for v in variants):
        return None
    first = next(iter(variants[0]["properties"]))
    if all("const" in v["properties"].get(first, {}) for v in variants):
        return first
    return None


def string_constants(node: Schema) -> Optional[List[Schema]]:
    """The alternatives of a string enum (`oneOf` of string constants), if `node` is one."""
    alternatives = node.get("oneOf") or node.get("anyOf")
    if "enum" in node:
        return [{"const": v} for v in node["enum"]]
    if alternatives and all("const" in a and not a.get("properties") for a in alternatives):
        return alternatives
    return None


class Declarations:
    """The declarations of types.d.ts, in the order they are first reached from `NAMES`."""

    def __init__(self, description: Dict[str, Any]):
        self.types: Dict[str, Schema] = description["types"]
        self.inputs: Dict[str, Schema] = description.get("inputs", {})
        for core, _contract in NAMES:
            if core not in self.types:
                raise DescriptionError(f"NAMES lists {core}, which the description does not hold")
        self.reached: Dict[str, Set[str]] = {}
        self.order: List[Tuple[str, str]] = []
        self.starts: Set[Tuple[str, str]] = set()  # the entries of NAMES not reached from an earlier one
        for core, contract in NAMES:
            if contract not in self.reached.get(core, set()):
                self.starts.add((core, contract))
            self.reach(core, contract)
        self.used: Set[str] = set()  # binding scalars used
        self.declared: Dict[str, str] = {}  # TypeScript name -> its declaration

    # Names and forms.

    def schema(self, core: str, contract: str) -> Schema:
        if core not in self.types:
            raise DescriptionError(f"no type {core} in the description")
        return self.inputs.get(core, self.types[core]) if contract == READ else self.types[core]

    def name(self, core: str, contract: str) -> str:
        return NAMES.get((core, contract), core)

    def two_names(self, core: str) -> bool:
        return self.name(core, READ) != self.name(core, WRITTEN)

    def alias(self, core: str) -> bool:
        """A scalar type (a currency code, a timezone, a decimal), written in place of its name."""
        schema = self.types[core]
        compound = any(k in schema for k in ("properties", "oneOf", "anyOf", "enum", "const"))
        return not compound and set(kinds(schema)) <= {"string", "integer", "number", "boolean"}

    def reach(self, core: str, contract: str) -> None:
        if core not in self.types:
            raise DescriptionError(f"a $ref to {core}, which the description does not hold")
        if self.alias(core) or contract in self.reached.get(core, set()):
            return
        self.reached.setdefault(core, set()).add(contract)
        self.order.append((core, contract))
        for target in refs(self.schema(core, contract)):
            self.reach(target, contract)

    def form_of(self, core: str, contract: str) -> Form:
        """The form `core` is declared in when reached in `contract`: a type with one name reached in
        both contracts is declared as read (which must differ from the written form only by nulls)."""
        if not self.two_names(core) and self.reached[core] == {READ, WRITTEN}:
            return Form.of(READ, core)
        return Form.of(contract, core)

    # Type expressions.

    def expr(self, node: Schema, form: Form, indent: str = "", top: bool = False) -> str:
        """The TypeScript type of a schema (inline objects may span lines, indented from `indent`)."""
        target = ref(node)
        if target is not None:
            if self.alias(target):
                return self.expr(self.types[target], form, indent, top)
            return self.name(target, form.contract)
        if nullable(node):
            return f"{self.expr(non_null(node), form, indent, top)} | null"
        if "const" in node:
            return quote(node["const"])
        enum = string_constants(node)
        if enum is not None:
            return " | ".join(quote(a["const"]) for a in enum)
        for union in ("oneOf", "anyOf"):
            if union in node and "properties" not in node:
                return " | ".join(self.expr(a, form, indent, top) for a in node[union])
        types = kinds(node)
        if len(types) != 1:
            return "unknown" if not types else " | ".join(self.expr({**node, "type": t}, form, indent, top) for t in types)
        kind = types[0]
        if kind == "string":
            fmt = node.get("format")
            if fmt == "date-time":
                return self.scalar("Instant") if form.contract == READ else "string"
            if fmt == "decimal":
                return self.scalar("Decimal")
            return "string"
        if kind == "integer":
            if node.get("format") == "uint64":
                if form.contract == READ:
                    return self.scalar("U64")
                return "number | bigint" if form.exact else "number"
            return "number"
        if kind in ("number", "boolean", "null"):
            return kind
        if kind == "array":
            item = self.expr(node.get("items", {}), form, indent)
            item = f"({item})" if " | " in item or " & " in item else item
            return f"{item}[]" if top else f"readonly {item}[]"
        if kind == "object":
            if node.get("properties") is not None:
                return self.literal(node, form, indent)
            values = list((node.get("patternProperties") or {}).values())
            extra = node.get("additionalProperties")
            if isinstance(extra, dict):
                values.append(extra)
            value = " | ".join(self.expr(v, form, indent) for v in values) if values else "unknown"
            return f"Readonly<Record<string, {value}>>"
        raise DescriptionError(f"unsupported schema {json.dumps(node)[:200]}")

    def scalar(self, name: str) -> str:
        self.used.add(name)
        return name

    def members(
        self,
        node: Schema,
        form: Form,
        indent: str,
        skip: Sequence[str] = (),
        forced: Optional[Dict[str, str]] = None,
    ) -> List[str]:
        """The property lines of an object schema, each after its documentation. `forced` sets the type
        of some keys: `"!"` present and not null, `"?never"` absent, anything else that type."""
        lines: List[str] = []
        required = set(node.get("required", []))
        for name, prop in node.get("properties", {}).items():
            rule = (forced or {}).get(name)
            if name in skip:
                continue
            if rule == "?never":
                lines.append(f"{indent}readonly {key(name)}?: never;")
                continue
            optional = name not in required and rule != "!"
            if rule is None:
                ts = self.expr(non_null(prop) if optional and form.strip else prop, form, indent)
            elif rule == "!":
                ts = self.expr(non_null(prop), form, indent)
            else:
                ts = rule
            lines += jsdoc(prop.get("description", ""), indent)
            lines.append(f"{indent}readonly {key(name)}{'?' if optional else ''}: {ts};")
        return lines

    def literal(self, node: Schema, form: Form, indent: str, **options: Any) -> str:
        """An object type literal: on one line when it fits and nothing is documented."""
        lines = self.members(node, form, indent + "  ", **options)
        if not lines:
            return "{}"
        flat = [line.strip() for line in lines]
        one = "{ " + " ".join(flat)[:-1] + " }"
        if not any(line.startswith("/**") for line in flat) and "\n" not in one and len(indent) + len(one) <= WIDTH - 10:
            return one
        return "{\n" + "\n".join(lines) + f"\n{indent}}}"

    def union(self, alternatives: List[Tuple[str, str]], indent: str = "  ") -> List[str]:
        """`| member` lines, each after its documentation."""
        lines: List[str] = []
        for member, doc in alternatives:
            lines += jsdoc(doc, indent)
            lines.append(f"{indent}| {member}")
        return lines

    # Declarations.

    def declare(self, core: str, contract: str) -> List[str]:
        """The declarations of `core` reached in `contract` not declared yet (none if all were)."""
        if not self.two_names(core) and self.reached[core] == {READ, WRITTEN}:
            # One name for both forms: they may differ only by the nulls of keys left out.
            as_read = self.render(core, Form(READ, False))
            if as_read != self.render(core, Form(WRITTEN, False, (core, WRITTEN) in PARSED_EXACTLY)):
                raise DescriptionError(
                    f"{core} is taken and answered in different forms: give it a name per form in NAMES "
                    "(generate/typescript.py)"
                )
        lines: List[str] = []
        for name, declaration in self.render(core, self.form_of(core, contract)):
            text = "\n".join(declaration)
            if name in self.declared:
                if self.declared[name] != text:
                    raise DescriptionError(f"two different declarations of {name} (from {core})")
                continue
            self.declared[name] = text
            lines += ([""] if lines else []) + declaration
        return lines

    def doc(self, core: str, contract: str) -> str:
        text = self.schema(core, contract).get("description", "")
        if self.two_names(core) and all(c in self.reached[core] for c in (READ, WRITTEN)):
            other = self.name(core, WRITTEN if contract == READ else READ)
            text += f"\n\nAs the core {'reads' if contract == READ else 'writes'} it; `{other}` is what it " + (
                "writes." if contract == READ else "reads."
            )
        if (core, contract) in PARSED_EXACTLY:
            text += " An integer of 16 digits or more (a seed) comes back as a BigInt, exact."
        return text

    def render(self, core: str, form: Form) -> List[Tuple[str, List[str]]]:
        """The declarations of `core` in `form`: (TypeScript name, lines) pairs."""
        name = self.name(core, form.contract)
        schema = self.schema(core, form.contract)
        doc = self.doc(core, form.contract)
        if (core, form.contract) in BY_TAG:
            return self.by_tag(core, name, schema, form, doc)
        if core in REFINEMENTS:
            return self.refined(core, name, schema, form, doc)
        return [(name, self.plain(core, name, schema, form, doc))]

    def plain(self, core: str, name: str, schema: Schema, form: Form, doc: str) -> List[str]:
        enum = string_constants(schema)
        if enum is not None:
            members = [quote(a["const"]) for a in enum]
            items = [(str(a["const"]), a.get("description", "")) for a in enum]
            lines = jsdoc(doc, "", items if any(d for _, d in items) else ())
            one = f"export type {name} = {' | '.join(members)};"
            if len(one) <= WIDTH:
                return lines + [one]
            return lines + [f"export type {name} ="] + [f"  | {m}" for m in members[:-1]] + [f"  | {members[-1]};"]
        if schema.get("properties") is not None and "oneOf" not in schema and "anyOf" not in schema:
            return jsdoc(doc, "") + [f"export interface {name} {{"] + self.members(schema, form, "  ") + ["}"]
        alternatives = schema.get("oneOf") or schema.get("anyOf")
        if alternatives and "properties" not in schema:
            members = [(self.expr(a, form, "    ", top=True), a.get("description", "")) for a in alternatives]
            return self.alias_union(name, members, doc)
        if "properties" in schema:
            raise DescriptionError(f"{core}: an object with variants needs an entry in BY_TAG (generate/typescript.py)")
        return jsdoc(doc, "") + [f"export type {name} = {self.expr(schema, form, top=True)};"]

    def alias_union(self, name: str, members: List[Tuple[str, str]], doc: str) -> List[str]:
        one = f"export type {name} = {' | '.join(m for m, _ in members)};"
        if len(one) <= WIDTH and "\n" not in one and not any(d for _, d in members):
            return jsdoc(doc, "") + [one]
        lines = jsdoc(doc, "") + [f"export type {name} ="] + self.union(members)
        lines[-1] += ";"
        return lines

    def by_tag(self, core: str, name: str, schema: Schema, form: Form, doc: str) -> List[Tuple[str, List[str]]]:
        fields, tags, one = BY_TAG[(core, form.contract)]
        variants = schema.get("oneOf", [])
        tag = tag_of(variants)
        if tag is None:
            raise DescriptionError(f"{core} is not a tagged union (BY_TAG, generate/typescript.py)")
        others = {k for v in variants for k in v["properties"] if k != tag}
        adjacent = len(others) == 1 and all(set(v["properties"]) == {tag} | others for v in variants)
        content = next(iter(others)) if adjacent else None
        param = tag[0].upper()
        by = f"The `{content}` of each `{name}`" if content else f"The fields of each `{name}` (all but its `{tag}`)"
        map_lines = jsdoc(f"{by}, by `{tag}`.", "") + [f"export interface {fields} {{"]
        for variant in variants:
            value = variant["properties"][tag]["const"]
            body = variant["properties"][content] if content else variant
            map_lines += jsdoc(variant.get("description", ""), "  ")
            map_lines.append(f"  {key(value)}: {self.literal(body, form, '  ', skip=(tag,))};")
        map_lines.append("}")
        tag_lines = jsdoc(f"The {len(variants)} `{tag}` values of `{name}`.", "") + [f"export type {tags} = keyof {fields};"]
        common = self.members(schema, form, "  ")
        one_lines = jsdoc(f"The `{name}` of one `{tag}`.", "")
        if content:
            one_lines.append(f"export interface {one}<{param} extends {tags}> {{")
            one_lines += common + [f"  readonly {key(tag)}: {param};", f"  readonly {key(content)}: {fields}[{param}];", "}"]
        else:
            head = "".join(line.strip() + " " for line in common if not line.strip().startswith("/**"))
            one_lines.append(f"export type {one}<{param} extends {tags}> = {{ {head}readonly {key(tag)}: {param} }} & {fields}[{param}];")
        union_lines = jsdoc(doc + f"\n\nNarrow on `{tag}` for the rest.", "")
        union_lines.append(f"export type {name} = {{ [{param} in {tags}]: {one}<{param}> }}[{tags}];")
        return [(fields, map_lines), (tags, tag_lines), (one, one_lines), (name, union_lines)]

    def refined(self, core: str, name: str, schema: Schema, form: Form, doc: str) -> List[Tuple[str, List[str]]]:
        refinement = REFINEMENTS[core]
        properties = schema.get("properties", {})
        keys = [k for _, ks in refinement.variants for k in ks]
        for k in keys + ([refinement.by] if refinement.by else []):
            if k not in properties:
                raise DescriptionError(f"REFINEMENTS names {core}.{k}, which the description does not hold")
        for k in keys:
            if k in schema.get("required", []):
                raise DescriptionError(f"REFINEMENTS: {core}.{k} is required, not the key of some variants")
        if refinement.by:
            listed = sorted(v for values, _ in refinement.variants for v in values)
            by = properties[refinement.by]
            target = ref(by)
            known = sorted(a["const"] for a in string_constants(self.types[target] if target else by) or [])
            if listed != known:
                raise DescriptionError(f"REFINEMENTS lists {listed} for {core}.{refinement.by}, the description {known}")
        variants = []
        for values, wanted in refinement.variants:
            forced: Dict[str, str] = {k: ("!" if k in wanted else "?never") for k in keys}
            body = schema
            if refinement.by:
                forced[refinement.by] = " | ".join(quote(v) for v in values)
                chosen = {refinement.by: {}, **{k: v for k, v in properties.items() if k in keys}}
                body = {"properties": chosen, "required": [refinement.by]}  # the doc of `by` is the type's
            variants.append((self.literal(body, form, "    ", forced=forced), ""))
        if refinement.name is None:
            return [(name, self.alias_union(name, variants, doc))]
        rest = {**schema, "properties": {k: v for k, v in properties.items() if k not in keys and k != refinement.by}}
        lines = jsdoc(doc, "") + [f"export type {name} = {refinement.name} & {{"] + self.members(rest, form, "  ") + ["};"]
        return [(refinement.name, self.alias_union(refinement.name, variants, refinement.doc)), (name, lines)]

    # The file.

    def file(self) -> str:
        body: List[str] = []
        for core, contract in self.order:
            lines = self.declare(core, contract)
            if not lines:
                continue
            if (core, contract) in self.starts:
                way = "Taken" if contract == READ else "Answered"
                body += ["", "// " + "-" * 99, f"// {way}: {self.name(core, contract)} and the types it holds"]
            body += [""] + lines
        head = HEADER + [""]
        if self.used:
            head.append(f"import type {{ {', '.join(sorted(self.used))} }} from '{BINDING_MODULE}';")
        head.append(f"export type * from '{BINDING_MODULE}';")
        return "\n".join(head + body) + "\n"


def refs(node: Any) -> List[str]:
    """The types a schema refers to, in order of appearance."""
    found: List[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            target = ref(value)
            if target is not None and target not in found:
                found.append(target)
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(node)
    return found


def typescript_types(description: Dict[str, Any]) -> str:
    """bindings-wasm/js/lib/types.d.ts: the declarations of the core's data types."""
    return Declarations(description).file()
