#!/usr/bin/env python3
"""A change of the core's description reaches the Kotlin mirrors (and from them, through uniffi, the
Kotlin classes and their KDoc): a field's documentation, a new field with its Kotlin default, a new
enum value, a new event type. Run by ./scripts/test with the generator's other tests."""

from __future__ import annotations

import copy
import json
import unittest
from pathlib import Path
from typing import Any, Dict

import kotlin_types

ROOT = Path(__file__).resolve().parents[1]


class KotlinTypesTest(unittest.TestCase):
    def setUp(self) -> None:
        self.description: Dict[str, Any] = json.loads((ROOT / "schema" / "affiliate-kit.json").read_text())

    def mirrors(self, description: Dict[str, Any]) -> str:
        return kotlin_types.render_all(description)[kotlin_types.PATH]

    def test_the_committed_mirrors_are_what_the_description_gives(self) -> None:
        for path, text in kotlin_types.render_all(self.description).items():
            self.assertEqual((ROOT / path).read_text(), text, path)

    def test_a_field_doc_and_a_new_field_with_its_default(self) -> None:
        changed = copy.deepcopy(self.description)
        entry = changed["types"]["Entry"]["properties"]
        entry["cause"]["description"] = "The refund, chargeback or rejection behind it (corrections only)."
        entry["note"] = {"type": ["string", "null"], "description": "A note of the host."}
        mirrors = self.mirrors(changed)
        self.assertIn(
            "    /// The refund, chargeback or rejection behind it (corrections only).\n"
            "    #[uniffi(default = None)]\n"
            "    pub cause: Option<String>,\n",
            mirrors,
        )
        self.assertIn(
            "    pub settlement: Settlement,\n"
            "    /// A note of the host.\n"
            "    #[uniffi(default = None)]\n"
            "    pub note: Option<String>,\n}\n",
            mirrors,
        )

    def test_enum_values_tuple_variants_and_events(self) -> None:
        changed = copy.deepcopy(self.description)
        changed["types"]["PayoutStatus"]["oneOf"].append(
            {"type": "string", "const": "on_hold", "description": "Held for review."}
        )
        changed["types"]["Event"]["oneOf"].append(
            {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "const": "payout.held"},
                    "data": {
                        "type": "object",
                        "properties": {"payout_id": {"type": "string", "description": "The payout."}},
                        "required": ["payout_id"],
                    },
                },
                "required": ["type", "data"],
                "description": "A payout was held for review.",
            }
        )
        mirrors = self.mirrors(changed)
        self.assertIn("    /// Held for review.\n    OnHold,\n}\n", mirrors)
        self.assertIn(
            "    /// `payout.held`: a payout was held for review.\n"
            "    PayoutHeld {\n        /// The payout.\n        payout_id: String,\n    },\n}\n",
            mirrors,
        )
        # The core's adjacently tagged Settlement keeps its one-value variants.
        self.assertIn("    InPayout(u32),\n", mirrors)


if __name__ == "__main__":
    unittest.main()
