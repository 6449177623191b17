"""Money: strict parsing, currencies, checked arithmetic, the one rounding function, allocation."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, List

import pytest

from affiliate_kit import (
    Currency,
    CurrencyMismatchError,
    InvalidAllocationError,
    InvalidAmountError,
    InvalidCurrencyError,
    InvalidInputError,
    allocate,
    parse_decimal,
    parse_non_negative,
    round_to_minor_units,
)
from affiliate_kit import money as m
from affiliate_kit.types import Money

from conftest import eur

# ---- parsing -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12", "12"), ("12.50", "12.50"), ("-3.10", "-3.10"), ("00012.50", "12.50"), ("-0", "0"), ("0.001", "0.001")],
)
def test_parse_decimal_accepts_plain_decimals_and_keeps_the_scale(text: str, expected: str) -> None:
    value = parse_decimal(text)
    assert isinstance(value, Decimal)
    assert str(value) == expected


@pytest.mark.parametrize(
    "text",
    ["1e3", "1E3", "NaN", "inf", "", " 1", "1 ", "1,50", "+1", "--1", ".5", "5.", "1.2.3", "0x10", "-",
     "12345678901234567890123456789"],  # the last one: 29 significant digits, one too many
)
def test_parse_decimal_is_strict(text: str) -> None:
    with pytest.raises(InvalidAmountError) as error:
        parse_decimal(text)
    assert isinstance(error.value, ValueError)
    assert error.value.code == "INVALID_AMOUNT"
    assert str(error.value).startswith(f'invalid amount "{text}": ')
    assert error.value.path is None


def test_parse_decimal_takes_only_str() -> None:
    with pytest.raises(TypeError, match=r"^value: expected str, got int$"):
        parse_decimal(5)  # type: ignore[arg-type]


def test_parse_non_negative() -> None:
    assert str(parse_non_negative("0.50")) == "0.50"
    assert parse_non_negative("0") == 0
    with pytest.raises(InvalidAmountError, match=r'^invalid amount "-1": must not be negative$'):
        parse_non_negative("-1")


# ---- currencies ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("code", "minor", "name"), [("EUR", 2, "Euro"), ("JPY", 0, "Japanese yen"), ("KWD", 3, None)])
def test_currency_from_code(code: str, minor: int, name: Any) -> None:
    currency = Currency.from_code(code)
    assert (currency.code, currency.minor_units) == (code, minor)
    if name is not None:
        assert currency.name == name
    assert currency.to_dict()["minor_units"] == minor


@pytest.mark.parametrize("code", ["eur", " EUR", "EURO", "EU", "", "ZZZ"])
def test_bad_currency_codes(code: str) -> None:
    with pytest.raises(InvalidCurrencyError) as error:
        Currency.from_code(code)
    assert isinstance(error.value, ValueError)
    assert error.value.code == "INVALID_CURRENCY"
    assert f'"{code}"' in str(error.value)


# ---- Money arithmetic ----------------------------------------------------------------------------


def test_money_parses_str_int_and_decimal() -> None:
    assert m.money("19.99", "EUR") == eur("19.99")
    assert m.money(5, "JPY") == Money(amount=Decimal(5), currency="JPY")
    # A Decimal in exponent notation is passed as plain digits: 1E+2 = 100.
    assert m.money(Decimal("1E+2"), "EUR").amount == Decimal(100)
    with pytest.raises(InvalidCurrencyError):
        m.money("1", "eur")


def test_add_sub_are_exact() -> None:
    assert m.add(eur("10.10"), eur("0.95")) == eur("11.05")  # 10.10 + 0.95
    assert str(m.sub(eur("10.10"), eur("10.15")).amount) == "-0.05"  # 10.10 - 10.15
    # Amounts built in Python in exponent notation work too: 1E+2 + 0.50 = 100.50.
    assert str(m.add(Money(amount=Decimal("1E+2"), currency="EUR"), eur("0.50")).amount) == "100.50"


def test_currency_mismatch_names_both_currencies() -> None:
    usd = Money(amount=Decimal("1.00"), currency="USD")
    for operation in (m.add, m.sub, m.compare):
        with pytest.raises(CurrencyMismatchError) as error:
            operation(eur("1.00"), usd)
        assert (error.value.expected, error.value.found) == ("EUR", "USD")
        assert str(error.value) == "currency mismatch: expected EUR, found USD"
        assert error.value.code == "CURRENCY_MISMATCH"
        assert isinstance(error.value, ValueError)


def test_mul_percent_round_negated_compare() -> None:
    assert m.mul(eur("19.99"), 3) == eur("59.97")  # 19.99 x 3
    assert str(m.mul(eur("0.05"), "0.5").amount) == "0.025"  # exact, not rounded
    assert str(m.percent(eur("199.99"), 15).amount) == "29.9985"  # 199.99 x 15 / 100
    assert str(m.round_money(eur("29.9985")).amount) == "30.00"
    assert str(m.round_money(eur("29.9985"), "toward_zero").amount) == "29.99"
    assert str(m.round_money(Money(amount=Decimal("100.5"), currency="JPY"), "half_even").amount) == "100"
    assert str(m.negated(eur("1.50")).amount) == "-1.50"
    assert m.compare(eur("1"), eur("1.00")) == 0
    assert m.compare(eur("0.99"), eur("1")) == -1
    assert m.compare(eur("2"), eur("1.99")) == 1


def test_float_is_refused_naming_the_argument() -> None:
    with pytest.raises(TypeError, match=r"^value: float is not accepted"):
        m.money(1.5, "EUR")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^factor: float is not accepted"):
        m.mul(eur("1.00"), 0.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^rate: float is not accepted"):
        m.percent(eur("1.00"), 12.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^value: float is not accepted"):
        round_to_minor_units(2.345, "EUR")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^weights\[1\]: float is not accepted"):
        allocate(eur("1.00"), [1, 0.5])  # type: ignore[list-item]


def test_other_wrong_types_are_type_errors() -> None:
    with pytest.raises(TypeError, match=r"^value: expected decimal.Decimal, int or str, got bool$"):
        m.money(True, "EUR")
    with pytest.raises(TypeError, match=r"^b: expected Money, got str$"):
        m.add(eur("1.00"), "1.00")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"^currency: expected str, got int$"):
        m.money("1", 978)  # type: ignore[arg-type]


# ---- rounding ------------------------------------------------------------------------------------

MODES = ("half_up", "half_even", "toward_zero", "away_from_zero")


@pytest.mark.parametrize(
    ("value", "currency", "expected"),
    [
        # value, currency, (half_up, half_even, toward_zero, away_from_zero)
        ("2.345", "EUR", ("2.35", "2.34", "2.34", "2.35")),  # a tie: 4 is even
        ("-2.345", "EUR", ("-2.35", "-2.34", "-2.34", "-2.35")),  # ties go away from zero, by magnitude
        ("2.355", "EUR", ("2.36", "2.36", "2.35", "2.36")),  # a tie: 6 is even
        ("0.121", "EUR", ("0.12", "0.12", "0.12", "0.13")),  # not a tie: only away_from_zero goes up
        ("100.5", "JPY", ("101", "100", "100", "101")),  # no minor units
        ("101.5", "JPY", ("102", "102", "101", "102")),
        ("1.2505", "KWD", ("1.251", "1.250", "1.250", "1.251")),  # three minor units
        ("30", "EUR", ("30.00", "30.00", "30.00", "30.00")),  # the scale is always the currency's
        ("-0.001", "EUR", ("0.00", "0.00", "0.00", "-0.01")),
    ],
)
def test_round_to_minor_units_in_every_mode(value: str, currency: str, expected: List[str]) -> None:
    for mode, want in zip(MODES, expected):
        got = round_to_minor_units(value, currency, mode)  # type: ignore[arg-type]
        assert str(got) == want, (value, currency, mode)
        assert str(m.round_money(Money(amount=Decimal(value), currency=currency), mode).amount) == want  # type: ignore[arg-type]


def test_round_to_minor_units_takes_int_and_decimal_and_defaults_to_half_up() -> None:
    assert str(round_to_minor_units(30, "EUR")) == "30.00"
    assert str(round_to_minor_units(Decimal("0.125"), "EUR")) == "0.13"  # half up
    with pytest.raises(InvalidInputError) as error:
        round_to_minor_units("1", "EUR", "bankers")  # type: ignore[arg-type]
    assert error.value.path == "mode"


# ---- allocation ----------------------------------------------------------------------------------


def amounts(parts: List[Money]) -> List[str]:
    return [str(p.amount) for p in parts]


@pytest.mark.parametrize(
    ("total", "weights", "expected"),
    [
        # 10000 cents / 3 = 3333.33 each: floors 3333 x 3 = 9999, the cent left goes to the first
        # (equal remainders: the earlier part wins).
        ("100.00", [1, 1, 1], ["33.34", "33.33", "33.33"]),
        # 5 cents 70/30 = 3.5 / 1.5: floors 3 / 1, the tie on .5 goes to the earlier part.
        ("0.05", [70, 30], ["0.04", "0.01"]),
        # 1000 cents over 199.99 / 79.80 / 7.50 (sum 287.29): 696.13 / 277.77 / 26.10 -> the cent left
        # goes to the largest remainder (.77, the second).
        ("10.00", ["199.99", "79.80", "7.50"], ["6.96", "2.78", "0.26"]),
        # Negative totals split like their absolute value.
        ("-0.05", [70, 30], ["-0.04", "-0.01"]),
        # Zero weights take nothing.
        ("1.00", [0, 1], ["0.00", "1.00"]),
        # Weights as Decimal and of different scales: 0.5 / 1.50 = 1 : 3.
        ("1.00", [Decimal("0.5"), "1.50"], ["0.25", "0.75"]),
    ],
)
def test_allocate_by_largest_remainder(total: str, weights: List[Any], expected: List[str]) -> None:
    parts = allocate(eur(total), weights)
    assert amounts(parts) == expected
    assert sum(p.amount for p in parts) == Decimal(total)
    assert all(p.currency == "EUR" for p in parts)


def test_allocate_in_yen() -> None:
    # 100 JPY 1:2 = 33.33 / 66.67 -> floors 33 / 66, the yen left to the larger remainder (.67).
    assert amounts(allocate(Money(amount=Decimal(100), currency="JPY"), [1, 2])) == ["33", "67"]


@pytest.mark.parametrize("weights", [[], [0, 0], [-1, 2]])
def test_impossible_allocations(weights: List[int]) -> None:
    with pytest.raises(InvalidAllocationError) as error:
        allocate(eur("1.00"), weights)
    assert error.value.code == "INVALID_ALLOCATION"
    assert isinstance(error.value, ValueError)
