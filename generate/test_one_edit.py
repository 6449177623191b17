#!/usr/bin/env python3
"""One edit in the core reaches every language: a field's documentation changed in the description
(as a changed doc comment of the core's type makes it) appears in the Python dataclass, the TypeScript
declaration and the Kotlin mirror that the generator writes, with nothing added by hand. Run by
./scripts/test with the generator's other tests."""

from __future__ import annotations

import copy
import json
import unittest
from pathlib import Path

import render

ROOT = Path(__file__).resolve().parents[1]


class OneEditTest(unittest.TestCase):
    def test_a_field_doc_reaches_python_typescript_and_kotlin(self) -> None:
        description = json.loads((ROOT / "schema" / "affiliate-kit.json").read_text())
        before = render.outputs(description)
        changed = copy.deepcopy(description)
        doc = "The refund, chargeback or rejection behind it (corrections only)."
        changed["types"]["Entry"]["properties"]["cause"]["description"] = doc
        after = render.outputs(changed)
        differ = sorted(path for path in after if after[path] != before[path])
        self.assertEqual(
            differ,
            [
                "bindings-kotlin/native/src/types/mirrors.rs",
                "bindings-python/python/affiliate_kit/types/ledger.py",
                "bindings-wasm/js/lib/types.d.ts",
            ],
        )
        for path in differ:
            self.assertIn(doc, after[path], path)
            self.assertNotIn(doc, before[path], path)


if __name__ == "__main__":
    unittest.main()
