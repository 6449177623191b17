"""The Python examples (``examples/python/``) run as a user runs them, from another directory, with the
amounts they print computed by hand."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List

from affiliate_kit import Program

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples" / "python"


def run(script: str, *args: str, cwd: Path) -> List[str]:
    """The lines a script prints; it must exit 0 and print nothing on stderr."""
    done = subprocess.run(
        [sys.executable, str(EXAMPLES / script), *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, f"{script} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}"
    assert done.stderr == "", done.stderr
    return done.stdout.splitlines()


def line_with(lines: List[str], start: str, end: str = "") -> str:
    found = [line for line in lines if line.strip().startswith(start) and line.endswith(end)]
    assert len(found) == 1, f"expected one line starting with {start!r}, found {found} in:\n" + "\n".join(lines)
    return found[0].strip()


def test_quickstart(tmp_path: Path) -> None:
    lines = run("quickstart.py", cwd=tmp_path)
    assert lines[0] == 'affiliate code for aff_alice: 1VXSNZGEY, offline check: {"verdict":"generated","code":"1VXSNZGEY"}'
    # order-1001: lines 199.99 (course-rust), 2 x 39.90 = 79.80 (books), 3 x 2.50 = 7.50 (stickers): 287.29.
    # The 10.00 discount is prorated by largest remainder: 6.96 / 2.78 / 0.26, so the bases are
    # 193.03 / 77.02 / 7.24 (sum 277.29). course-launch 50% of 193.03 = 96.515 -> 96.52; books 20% of
    # 77.02 = 15.404 -> 15.40; default 10% of 7.24 = 0.724 -> 0.72; level 2: 2% of 277.29 = 5.5458 -> 5.55;
    # level 3: 1% of 277.29 = 2.7729 -> 2.77. Total 96.52 + 15.40 + 0.72 + 5.55 + 2.77 = 120.96.
    assert "order-1001 for aff_alice: total commission 120.96 EUR" in lines
    assert line_with(lines, "level 1 aff_alice     96.52 EUR").endswith("50% of 193.03 EUR = 96.52 EUR")
    assert line_with(lines, "level 3 aff_carol      2.77 EUR").endswith("1% of the sale base 277.29 EUR = 2.77 EUR")
    # order-1002 (199.99): 10% = 19.999 -> 20.00, 2% = 3.9998 -> 4.00, 1% = 1.9999 -> 2.00: 26.00.
    assert "order-1002 for aff_alice: total commission 26.00 EUR" in lines
    # gold, 12 sales this month (tier from 10): 15% of 199.99 = 29.9985 -> 30.00 (half-even, no tie).
    assert "order-1002 for aff_dave: total commission 30.00 EUR" in lines
    # The program: Alice alone (no parents) earns the level-1 lines of order-1001: 96.52 + 15.40 + 0.72.
    assert "order-1001 tracked for aff_1 by code: 112.64 EUR" in lines
    assert "payout pay_1 to aff_1: 112.64 EUR paid (sepa-0001)" in lines
    assert "balance of aff_1: earned 112.64, pending 0.00, payable 0.00, paid 112.64" in lines
    assert lines[-1].split()[-1] == "payout.marked_paid"


# The month of examples/python/orders-2026-03.csv under core/tests/fixtures/month-config.json (10%, books
# 20%, the parent gets 5% of the sale base, 14 holding days, 50.00 minimum), run at 2026-03-31T22:00:00Z:
# commissions created up to 2026-03-17T22:00:00Z are approved and paid.
#   Alice: o-3001 10% of 120.00 = 12.00; o-3002 books 20% of 2 x 39.90 = 15.96 and mug 10% of 12.50 = 1.25;
#          5% of Bob's o-3003 450.00 = 22.50, o-3006 58.90 = 2.945 -> 2.95, o-3011 240.00 = 12.00;
#          o-3009 45.00 is refunded in full (reversed). Paid 12.00 + 15.96 + 1.25 + 22.50 + 2.95 + 12.00 = 66.66.
#          Pending: o-3012 45.00 + 5% of o-3015 132.20 = 6.61 + o-3016 20% of 19.00 = 3.80 = 55.41.
#   Bob:   o-3003 45.00 + o-3006 20% of 58.90 = 11.78 + o-3011 10% of 240.00 = 24.00 = 80.78 paid;
#          pending o-3015 20% of 119.70 = 23.94 + 10% of 12.50 = 1.25 = 25.19.
#   Carol: o-3004 10% of 360.00 = 36.00, minus 36.00 x 120.00 / 360.00 = 12.00 refunded; o-3010 45.00:
#          24.00 + 45.00 = 69.00 paid; o-3007 is a self-referral; o-3014 45.00 is refunded in full.
#   Dave:  o-3008 10% of 25.00 = 2.50 approved, below the minimum: not paid; pending 12.00 + 7.98 = 19.98.
#   Total paid: 66.66 + 80.78 + 69.00 = 216.44.
EXPECTED_PAYOUTS = [
    ["pay_1", "aff_1", "Alice Martin", "alice@example.com", "66.66", "EUR", "paid", "sepa-2026-03-pay_1", "8"],
    ["pay_2", "aff_2", "Bob Nguyen", "bob@example.com", "80.78", "EUR", "paid", "sepa-2026-03-pay_2", "3"],
    ["pay_3", "aff_3", "Carol Diaz", "carol@example.com", "69.00", "EUR", "paid", "sepa-2026-03-pay_3", "3"],
]


def test_monthly_payouts(tmp_path: Path) -> None:
    out = tmp_path / "out"
    lines = run("monthly_payouts.py", "--out", str(out), cwd=tmp_path)
    assert "approved 13 commissions; 3 payouts, total 216.44 EUR" in lines
    assert line_with(lines, "03-09 order  o-3007").endswith("nothing (self_referral)")
    assert line_with(lines, "03-12 refund o-3004") == "03-12 refund o-3004 120.00 EUR: aff_3 -12.00 (reversal)"
    assert "  paid 66.66 EUR as pay_1 (reference sepa-2026-03-pay_1)" in lines
    assert "  paid 80.78 EUR as pay_2 (reference sepa-2026-03-pay_2)" in lines
    assert "  paid 69.00 EUR as pay_3 (reference sepa-2026-03-pay_3)" in lines
    assert "  no payout: payable 2.50 EUR is below the 50.00 EUR minimum" in lines
    assert "  pending (holding period) 55.41, payable 0.00, paid 66.66" in lines
    assert "  pending (holding period) 19.98, payable 2.50, paid 0.00" in lines
    assert line_with(lines, "com_8 ").endswith("level 2 (aff_1): 5% of the sale base 58.90 EUR = 2.95 EUR")

    with (out / "payouts-2026-03.csv").open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["payout_id", "affiliate_id", "name", "email", "amount", "currency", "status", "reference", "entries", "paid_at"]
    assert [row[:-1] for row in rows[1:]] == EXPECTED_PAYOUTS
    assert {row[-1] for row in rows[1:]} == {"2026-03-31T22:00:00Z"}

    restored = Program.restore((out / "program-2026-03.json").read_text(encoding="utf-8"))
    assert [str(restored.balance(a, "EUR").paid.amount) for a in ("aff_1", "aff_2", "aff_3", "aff_4")] == [
        "66.66", "80.78", "69.00", "0.00"
    ]
    assert "same balances: True)" in lines[-1]


def test_monthly_payouts_writes_to_a_temp_dir_by_default(tmp_path: Path) -> None:
    lines = run("monthly_payouts.py", cwd=tmp_path)
    written = Path(line_with(lines, "wrote ", ".csv").split(" ", 1)[1])
    try:
        assert written.name == "payouts-2026-03.csv" and written.exists()
        assert (written.parent / "program-2026-03.json").exists()
        assert REPO not in written.resolve().parents and tmp_path not in written.resolve().parents
    finally:
        if written.parent.name.startswith("affiliate-payouts-"):
            shutil.rmtree(written.parent)


def test_monthly_payouts_reads_other_csv_files(tmp_path: Path) -> None:
    (tmp_path / "orders.csv").write_text(
        "type,order_id,date,affiliate_code,customer_email,product,category,quantity,unit_price\n"
        "order,x-1,2026-03-02T10:00:00Z,ALICE,a@example.net,workshop,courses,1,600.00\n"
        "refund,x-1,2026-03-03T10:00:00Z,,,workshop,courses,1,100.00\n"
        "refund,nope,2026-03-03T11:00:00Z,,,workshop,courses,1,100.00\n",
        encoding="utf-8",
    )
    lines = run("monthly_payouts.py", "--orders", str(tmp_path / "orders.csv"), "--out", str(tmp_path), cwd=tmp_path)
    # 10% of 600.00 = 60.00, minus 60.00 x 100.00 / 600.00 = 10.00 refunded: 50.00, exactly the minimum.
    assert "  paid 50.00 EUR as pay_1 (reference sepa-2026-03-pay_1)" in lines
    assert line_with(lines, "03-03 refund nope").startswith("03-03 refund nope skipped: NOT_FOUND")
    with (tmp_path / "payouts-2026-03.csv").open(newline="", encoding="utf-8") as f:
        assert [(row["affiliate_id"], row["amount"]) for row in csv.DictReader(f)] == [("aff_1", "50.00")]


def test_the_readme_python_example_runs(tmp_path: Path) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python\n", 1)[1].split("\n## ", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    script = tmp_path / "readme_example.py"
    script.write_text(code, encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    # 15% of 399.99 = 59.9985 -> 60.00, paid once the 14 holding days are over (minimum payout 50.00).
    assert done.stdout.splitlines() == [
        'rule "default" (program, priority 0) applied: 15% of 399.99 EUR = 60.00 EUR',
        "60.00 EUR",
        "pay_1 60.00 EUR paid",
    ]
