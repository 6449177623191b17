#!/usr/bin/env python3
"""A change of the core's description reaches the generated Python types: a new field of a result, a
key the core may leave out, a key an input may go without, a new enum value, a new event type. Run by
./scripts/test with the generator's other tests."""

from __future__ import annotations

import copy
import json
import unittest
from pathlib import Path
from typing import Any, Dict

import python_types

ROOT = Path(__file__).resolve().parents[1]
TYPES = "bindings-python/python/affiliate_kit/types"


class PythonTypesTest(unittest.TestCase):
    def setUp(self) -> None:
        self.description: Dict[str, Any] = json.loads((ROOT / "schema" / "affiliate-kit.json").read_text())

    def module(self, name: str, description: Dict[str, Any]) -> str:
        return python_types.render_all(description)[f"{TYPES}/{name}.py"]

    def test_the_committed_modules_are_what_the_description_gives(self) -> None:
        for path, text in python_types.render_all(self.description).items():
            self.assertEqual((ROOT / path).read_text(), text, path)

    def test_a_field_the_core_always_writes_is_required_and_keeps_the_core_order(self) -> None:
        changed = copy.deepcopy(self.description)
        payout = changed["types"]["Payout"]
        payout["properties"]["batch"] = {"type": ["string", "null"], "description": "The batch it went out in."}
        payout["required"].append("batch")
        ledger = self.module("ledger", changed)
        self.assertIn(
            '    created_at: datetime\n    """When it was created."""\n'
            '    batch: Optional[str]\n    """The batch it went out in."""\n'
            "    settled_at: Optional[datetime] = None\n",
            ledger,
        )

    def test_a_key_the_core_may_leave_out_gets_its_empty_default(self) -> None:
        changed = copy.deepcopy(self.description)
        payout = changed["types"]["Payout"]
        payout["properties"]["fees"] = {"type": "string", "format": "decimal", "description": "Fees."}
        payout["properties"]["notes"] = {"type": "array", "items": {"type": "string"}, "description": "Notes."}
        ledger = self.module("ledger", changed)
        self.assertIn("    fees: Decimal = Decimal(0)\n", ledger)
        self.assertIn("    notes: List[str] = field(default_factory=list)\n", ledger)

    def test_an_input_key_with_a_default_is_optional_in_the_typed_dict(self) -> None:
        changed = copy.deepcopy(self.description)
        registration = changed["inputs"].setdefault("Registration", copy.deepcopy(changed["types"]["Registration"]))
        registration["properties"]["locale"] = {"type": "string", "description": "The affiliate's language."}
        registration["properties"]["payout_amount"] = {"type": "string", "format": "decimal"}
        registration["required"].append("payout_amount")
        inputs = self.module("inputs", changed)
        required, _, optional = inputs.partition("class Registration(_RegistrationRequired, total=False):")
        self.assertIn("    payout_amount: AmountInput\n", required.rpartition("class _RegistrationRequired")[2])
        self.assertIn("    locale: str\n", optional.partition("\nclass ")[0])

    def test_a_new_enum_value_and_a_new_event_type(self) -> None:
        changed = copy.deepcopy(self.description)
        changed["types"]["PayoutStatus"]["oneOf"].append({"type": "string", "const": "on_hold"})
        held = {
            "type": "object",
            "properties": {
                "type": {"type": "string", "const": "commission.held"},
                "data": {
                    "type": "object",
                    "properties": {"commission_id": {"type": "string", "description": "The commission."}},
                    "required": ["commission_id"],
                },
            },
            "required": ["type", "data"],
            "description": "A commission was held for review.",
        }
        changed["types"]["Event"]["oneOf"].append(held)
        self.assertIn('PayoutStatus = Literal["created", "paid", "failed", "on_hold"]', self.module("ledger", changed))
        events = self.module("event_data", changed)
        self.assertIn(
            "class CommissionHeld(Record):\n"
            '    """``commission.held``: a commission was held for review."""\n\n'
            '    TYPE: ClassVar[str] = "commission.held"\n'
            "    commission_id: str\n",
            events,
        )
        self.assertIn("    CommissionHeld.TYPE: CommissionHeld,\n", events)


if __name__ == "__main__":
    unittest.main()
