#!/usr/bin/env python3
"""The generator carries a change of the core's description into every binding's file, with nothing
added by hand: a kind's new documentation, a detail's new documentation and a whole new kind appear in
the Python, JavaScript, TypeScript and Kotlin outputs; a new command verb in the JavaScript verbs; a new
field, an optional key, a new event type or command of the core's types in the TypeScript declarations.
Run by ./scripts/test (python3 generate/test_render.py)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import tempfile
import unittest
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "generate"))

import typescript  # noqa: E402  (generate/typescript.py)

OUTPUTS = {
    "python": "bindings-python/python/affiliate_kit/errors.py",
    "js": "bindings-wasm/js/lib/errors.js",
    "ts": "bindings-wasm/js/lib/errors.d.ts",
    "js_verbs": "bindings-wasm/js/lib/verbs.js",
    "js_integers": "bindings-wasm/js/lib/integer-fields.js",
    "ts_types": "bindings-wasm/js/lib/types.d.ts",
    "kotlin": "bindings-kotlin/native/src/error.rs",
}


def render(description: dict) -> dict:
    """The generated files of `description`, by language."""
    with tempfile.TemporaryDirectory() as out:
        schema = Path(out) / "description.json"
        schema.write_text(json.dumps(description))
        subprocess.run([sys.executable, str(ROOT / "generate" / "render.py"), str(schema), out], check=True, capture_output=True)
        return {lang: (Path(out) / path).read_text() for lang, path in OUTPUTS.items()}


class RenderTest(unittest.TestCase):
    def setUp(self) -> None:
        self.description = json.loads((ROOT / "schema" / "affiliate-kit.json").read_text())

    def kind(self, code: str) -> dict:
        return next(k for k in self.description["errors"] if k["code"] == code)

    def test_the_committed_description_renders_the_committed_files(self) -> None:
        files = render(self.description)
        for lang, path in OUTPUTS.items():
            self.assertEqual(files[lang], (ROOT / path).read_text(), path)

    def test_a_changed_documentation_reaches_every_language(self) -> None:
        self.kind("NOT_FOUND")["doc"] = "Nothing answers to `that` name."
        self.kind("NOT_FOUND")["details"][0]["doc"] = "The sort of thing sought."
        files = render(self.description)
        self.assertIn('"""Nothing answers to ``that`` name. Details: ``entity`` and ``id``."""', files["python"])
        self.assertIn('"""The sort of thing sought."""', files["python"])
        self.assertIn("/** Nothing answers to `that` name. Details: `details.entity` and `details.id`. */", files["js"])
        self.assertIn("/** Nothing answers to `that` name. Details: `details.entity` and `details.id`. */", files["ts"])
        self.assertIn("/** NOT_FOUND: The sort of thing sought. */", files["ts"])
        self.assertIn("    /// Nothing answers to `that` name.\n", files["kotlin"])

    def test_a_new_verb_reaches_the_javascript_commands(self) -> None:
        self.description["command_verbs"].append("hold_affiliate")
        self.assertIn("'drain_events', 'hold_affiliate',\n]);", render(self.description)["js_verbs"])

    def test_a_new_integer_field_is_one_javascript_takes_as_a_number(self) -> None:
        self.description["types"]["Order"]["properties"]["gift_cards"] = {"type": ["integer", "null"], "format": "uint32"}
        self.assertIn("'generated_length', 'gift_cards',", render(self.description)["js_integers"])

    def test_a_new_kind_gets_its_class_everywhere(self) -> None:
        new = copy.deepcopy(self.kind("NOT_FOUND"))
        new.update(code="OUT_OF_STOCK", name="OutOfStock", family="state", doc="No more left.")
        new["class"] = "OutOfStockError"
        new["details"] = [{"name": "sku", "type": "string", "doc": "The product."}]
        self.description["errors"].append(new)
        files = render(self.description)
        python = files["python"]
        self.assertIn('class OutOfStockError(AffiliateKitError, RuntimeError):\n    """No more left. Details: ``sku``."""', python)
        self.assertIn('    code = "OUT_OF_STOCK"', python)
        self.assertIn("    def sku(self) -> Optional[str]:", python)
        self.assertIn('    "OutOfStockError",', python)  # in __all__
        self.assertIn("        OutOfStockError,\n    )", python)  # in BY_CODE
        self.assertIn("export class OutOfStockError extends AffiliateKitError {}", files["js"])
        self.assertIn("  OUT_OF_STOCK: OutOfStockError,", files["js"])
        self.assertIn("  | 'OUT_OF_STOCK';", files["ts"])
        self.assertIn("  readonly code: 'OUT_OF_STOCK';\n  readonly details: { readonly sku: string };", files["ts"])
        self.assertIn("  readonly sku?: string;", files["ts"])
        self.assertIn("    OutOfStock(String),", files["kotlin"])
        self.assertIn("            ErrorKind::OutOfStock => Self::OutOfStock(message),", files["kotlin"])

    def test_a_new_field_reaches_the_typescript_interfaces(self) -> None:
        types = self.description["types"]
        # An optional key of a type taken and answered: `?:`, null accepted (the core reads null).
        types["Order"]["properties"]["gift_cards"] = {"type": ["integer", "null"], "format": "uint32", "description": "Gift cards used."}
        # A key the core always writes, maybe null; and one it may leave out (then never null).
        types["Payout"]["properties"]["batch"] = {"type": ["string", "null"], "description": "The host's batch."}
        types["Payout"]["required"].append("batch")
        types["Payout"]["properties"]["note"] = {"type": ["string", "null"], "description": "A note."}
        # An instant and a u64 of a type the binding takes, as the core reads it.
        self.description["inputs"]["QuoteContext"]["properties"]["promised_at"] = {"type": "string", "format": "date-time"}
        self.description["inputs"]["QuoteContext"]["properties"]["nonce"] = {"type": "integer", "format": "uint64"}
        self.description["inputs"]["QuoteContext"]["required"].append("nonce")
        ts = render(self.description)["ts_types"]
        self.assertIn("  /** Gift cards used. */\n  readonly gift_cards?: number | null;\n}", ts)
        self.assertIn("  /** The host's batch. */\n  readonly batch: string | null;\n", ts)
        self.assertIn("  /** A note. */\n  readonly note?: string;\n}", ts)
        self.assertIn("  readonly promised_at?: Instant;\n  readonly nonce: U64;\n}", ts)

    def test_an_optional_key_and_a_new_variant_reach_the_typescript_declarations(self) -> None:
        types = self.description["types"]
        types["Payout"]["required"].remove("entry_count")
        types["Target"]["oneOf"].append(
            {
                "type": "object",
                "properties": {"type": {"type": "string", "const": "country"}, "countries": {"type": "array", "items": {"type": "string"}}},
                "required": ["type", "countries"],
                "description": "Lines sold to these countries.",
            }
        )
        held = copy.deepcopy(next(v for v in types["Event"]["oneOf"] if v["properties"]["type"]["const"] == "payout.created"))
        held["properties"]["type"]["const"] = "payout.held"
        held["description"] = "A payout was held."
        types["Event"]["oneOf"].append(held)
        ts = render(self.description)["ts_types"]
        self.assertIn("  /** Ledger entries it settles. */\n  readonly entry_count?: number;\n", ts)
        self.assertIn("  /** Lines sold to these countries. */\n  | { readonly type: 'country'; readonly countries: readonly string[] };", ts)
        self.assertIn("  /** A payout was held. */\n  'payout.held': {\n    /** The payout. */\n    readonly payout: Payout;\n  };\n}", ts)
        count = len(types["Event"]["oneOf"])  # the core's event types and the one added here
        self.assertIn(f"/** The {count} `type` values of `Event`. */", ts)

    def test_a_type_with_two_forms_needs_two_names(self) -> None:
        # An instant in an order: the binding would take a Date there but answer a string.
        self.description["types"]["Order"]["properties"]["placed_at"] = {"type": "string", "format": "date-time"}
        with self.assertRaisesRegex(typescript.DescriptionError, "Order is taken and answered in different forms"):
            typescript.typescript_types(self.description)
        # A new commission kind must say which keys it takes.
        self.description = json.loads((ROOT / "schema" / "affiliate-kit.json").read_text())
        self.description["types"]["CommissionKind"]["oneOf"].append({"type": "string", "const": "bounty"})
        with self.assertRaisesRegex(typescript.DescriptionError, "REFINEMENTS lists"):
            typescript.typescript_types(self.description)


if __name__ == "__main__":
    unittest.main()
