"""Referral codes: normalization, generation with a check symbol, format verdicts, vanity codes,
policies and the customer incentive of a code."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any, Dict

import pytest

from affiliate_kit import (
    CurrencyMismatchError,
    InvalidAmountError,
    InvalidCodeError,
    InvalidInputError,
    InvalidPolicyError,
    canonical_code,
    check_format,
    check_symbol,
    default_code_policy,
    email_key,
    generate_code,
    generate_codes,
    has_valid_check,
    incentive,
    incentive_preview,
    incentive_preview_order,
    normalize,
    parse_generated,
    validate_vanity,
)
from affiliate_kit.types import (
    CodePolicyInput,
    IncentiveInput,
    BelowMinimum,
    CodeFormatGenerated,
    CodeFormatInvalid,
    CodeFormatLikelyTypo,
    CodeFormatVanity,
    CodeProblemInvalidCharacter,
    CodeProblemReserved,
    CodeProblemTooLong,
    CodeProblemTooShort,
    IncentiveExpired,
    Money,
    PercentOff,
)

from conftest import T, eur, line, order

#: Crockford base32, the alphabet of generated codes.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

#: The code of seed 42 under the default policy, pinned by core/tests/codes.rs
#: (generation_is_deterministic_and_pinned): states 1, 25, 10, 13, 15, 1, 18, 15; check 2 x 15 = 30 = 'Y'.
SEED_42 = "1VXSNZGEY"


def problem(error: InvalidCodeError) -> Dict[str, Any]:
    assert error.problem is not None
    result: Dict[str, Any] = json.loads(error.problem)
    return result


# ---- normalization -------------------------------------------------------------------------------


def test_normalize_trims_removes_separators_and_upper_cases() -> None:
    assert normalize(" ab-c 12 ") == "ABC12"
    assert normalize("\tjohn-25\n") == "JOHN25"


def test_normalize_names_a_look_alike_and_its_position() -> None:
    # 'А' is U+0410 CYRILLIC CAPITAL LETTER A, at position 6 counting the two leading spaces.
    with pytest.raises(InvalidCodeError) as error:
        normalize("  JOHNА25")
    assert isinstance(error.value, ValueError)
    assert "U+0410" in str(error.value) and "position 6" in str(error.value)
    assert problem(error.value) == {"type": "invalid_character", "character": "\u0410", "position": 6}


def test_canonical_code_is_the_storage_key() -> None:
    for typed in ("1vxs-nzgey", "IVXSNZGEY", " l-vxs nzgey "):  # I and l read as 1 in generated codes
        assert canonical_code(typed) == SEED_42
    assert canonical_code(" John-25 ") == "JOHN25"
    assert canonical_code("lolipop") == "LOLIPOP"  # vanity codes keep O, I and L
    assert canonical_code("lol-ivxs-nzgey", {"prefix": "LOL"}) == "LOL" + SEED_42


# ---- generation ----------------------------------------------------------------------------------


def test_generate_code_is_deterministic_and_pinned() -> None:
    assert generate_code(42) == SEED_42
    assert generate_code(42) == generate_code(42)
    assert generate_code(43) != SEED_42
    assert generate_codes(42, 3)[0] == SEED_42


def test_generate_codes_are_distinct_and_valid() -> None:
    codes = generate_codes(7, 50)
    assert len(codes) == 50
    assert len(set(codes)) == 50
    for code in codes:
        assert len(code) == 9 and all(c in ALPHABET for c in code)
        assert has_valid_check(code)
        assert parse_generated(code) == code
        assert check_format(code) == CodeFormatGenerated(code=code)
    assert generate_codes(7, 0) == []


def test_check_symbol_values() -> None:
    assert check_symbol("0") == "0"
    assert check_symbol("1") == "2"  # state 1 -> check 2 x 1 = 2
    assert check_symbol("00000001") == "2"
    assert check_symbol("U") is None  # not a Crockford symbol
    assert has_valid_check("12")
    assert not has_valid_check("")
    assert not has_valid_check("1U")


def test_every_substitution_of_a_generated_code_is_detected() -> None:
    for index, original in enumerate(SEED_42):
        for other in ALPHABET.replace(original, ""):
            typo = SEED_42[:index] + other + SEED_42[index + 1:]
            assert not has_valid_check(typo), typo


# ---- verdicts ------------------------------------------------------------------------------------


def test_check_format_verdicts() -> None:
    code = generate_code(9)
    assert check_format(code) == CodeFormatGenerated(code=code)
    typo = ("Y" if code[0] == "Z" else "Z") + code[1:]
    assert check_format(typo) == CodeFormatLikelyTypo(code=typo)
    assert check_format("OVXSNZGEY") == CodeFormatLikelyTypo(code="0VXSNZGEY")
    assert check_format("john-25") == CodeFormatVanity(code="JOHN25")
    assert check_format("SUPERUSER") == CodeFormatVanity(code="SUPERUSER")  # a U cannot be generated
    assert check_format("!!") == CodeFormatInvalid(problem=CodeProblemInvalidCharacter(character="!", position=0))
    assert check_format(" admin ") == CodeFormatInvalid(problem=CodeProblemReserved(word="ADMIN"))
    assert check_format("a-b") == CodeFormatInvalid(problem=CodeProblemTooShort(length=2, min=3))
    assert check_format("A" * 33) == CodeFormatInvalid(problem=CodeProblemTooLong(length=33, max=32))
    assert check_format("john-25").to_dict() == {"verdict": "vanity", "code": "JOHN25"}


def test_parse_generated_errors() -> None:
    assert parse_generated("oOoO-000-l2") == "000000012"  # O -> 0, l -> 1; check of 00000001 is 2
    typo = "Z" + SEED_42[1:]
    with pytest.raises(InvalidCodeError) as error:
        parse_generated(typo)
    assert problem(error.value) == {"type": "bad_check_symbol"}
    assert error.value.code == "INVALID_CODE"
    summer: CodePolicyInput = {"prefix": "summer"}
    code = generate_code(1, summer)
    assert code.startswith("SUMMER") and len(code) == 15  # prefix + 8 payload symbols + check
    assert has_valid_check(code[len("SUMMER"):])
    assert parse_generated(code.lower(), summer) == code
    with pytest.raises(InvalidCodeError) as error:
        parse_generated("WINTER12345678", summer)
    assert problem(error.value) == {"type": "prefix_mismatch", "expected": "SUMMER"}
    with pytest.raises(InvalidCodeError) as error:
        parse_generated("SUMMER123", summer)
    assert problem(error.value) == {"type": "not_generated"}


def test_validate_vanity() -> None:
    assert validate_vanity(" john-25 ") == "JOHN25"
    with pytest.raises(InvalidCodeError) as error:
        validate_vanity("Support")
    assert str(error.value) == 'invalid code "Support": SUPPORT is a reserved word'
    assert problem(error.value) == {"type": "reserved", "word": "SUPPORT"}
    assert validate_vanity("SUPPORTME") == "SUPPORTME"  # a reserved word as a prefix is fine
    for shaped in ("BESTPRICE", "JOHNSMITH", SEED_42):  # 9 readable symbols look generated
        with pytest.raises(InvalidCodeError) as error:
            validate_vanity(shaped)
        assert problem(error.value) == {"type": "generated_shape"}
    # A prefix for generated codes frees every vanity shape.
    assert validate_vanity("JOHNSMITH", {"prefix": "R"}) == "JOHNSMITH"


# ---- policies ------------------------------------------------------------------------------------


def test_default_policy_and_custom_policies() -> None:
    policy = default_code_policy()
    assert (policy.min_length, policy.max_length, policy.generated_length, policy.prefix) == (3, 32, 8, "")
    assert "ADMIN" in policy.reserved
    assert normalize("ab-c", policy) == "ABC"  # the record read back is accepted as a policy
    strict: CodePolicyInput = {"min_length": 5, "reserved": ["acme"]}
    with pytest.raises(InvalidCodeError) as error:
        validate_vanity("ABCD", strict)
    assert problem(error.value) == {"type": "too_short", "length": 4, "min": 5}
    with pytest.raises(InvalidCodeError) as error:
        validate_vanity("A-C-M-E-", {"reserved": ["acme"]})
    assert problem(error.value) == {"type": "reserved", "word": "ACME"}
    assert len(generate_code(1, {"generated_length": 12})) == 13


@pytest.mark.parametrize(
    ("policy", "message"),
    [
        ({"generated_length": 0}, "invalid code policy: generated_length must be at least 1"),
        ({"min_length": 10, "max_length": 5}, "invalid code policy: min_length 10 exceeds max_length 5"),
        ({"min_length": 0}, "invalid code policy: min_length must be at least 1"),
    ],
)
def test_bad_policies(policy: Dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidPolicyError) as error:
        generate_code(1, policy)  # type: ignore[arg-type]
    assert str(error.value) == message
    assert error.value.code == "INVALID_POLICY"
    assert isinstance(error.value, ValueError)


def test_unknown_policy_key_is_an_invalid_policy() -> None:
    with pytest.raises(InvalidPolicyError, match="unknown field `min_len`"):
        normalize("abc", {"min_len": 3})  # type: ignore[arg-type]


# ---- incentives ----------------------------------------------------------------------------------

TEN_PERCENT: IncentiveInput = {"discount": {"type": "percent_off", "percent": "10"}}
NOW = T(1, 10, month=5)


def test_percent_off_preview() -> None:
    # 10 % of 80.00 = 8.00; 80.00 - 8.00 = 72.00.
    preview = incentive_preview(TEN_PERCENT, eur("80.00"), NOW)
    assert preview.eligible and preview.reason is None
    assert (str(preview.discount.amount), str(preview.total.amount)) == ("8.00", "72.00")
    # 12.5 % of 1.00 = 0.125: 0.13 half up, 0.12 half even.
    eighth: IncentiveInput = {"discount": {"type": "percent_off", "percent": Decimal("12.5")}}
    assert incentive_preview(eighth, eur("1.00"), NOW).discount == eur("0.13")
    assert incentive_preview(eighth, eur("1.00"), NOW, "half_even").discount == eur("0.12")
    # JPY: 10 % of 1005 = 100.5 -> 101 half up; 1005 - 101 = 904.
    yen = incentive_preview(TEN_PERCENT, Money(amount=Decimal(1005), currency="JPY"), NOW)
    assert (str(yen.discount.amount), str(yen.total.amount)) == ("101", "904")


def test_amount_off_is_capped_at_the_subtotal() -> None:
    twenty: IncentiveInput = {"discount": {"type": "amount_off", "amount": {"amount": "20.00", "currency": "EUR"}}}
    capped = incentive_preview(twenty, eur("15.00"), NOW)
    assert (capped.discount, capped.total) == (eur("15.00"), eur("0.00"))  # min(20.00, 15.00)
    full = incentive_preview(twenty, eur("25.00"), NOW)
    assert (full.discount, full.total) == (eur("20.00"), eur("5.00"))  # 25.00 - 20.00


def test_below_minimum_and_expired() -> None:
    with_minimum: IncentiveInput = {**TEN_PERCENT, "min_order": {"amount": "50.00", "currency": "EUR"}}
    below = incentive_preview(with_minimum, eur("49.99"), NOW)
    assert not below.eligible
    assert below.reason == BelowMinimum(minimum=eur("50.00"))
    assert (below.discount, below.total) == (eur("0.00"), eur("49.99"))
    assert incentive_preview(with_minimum, eur("50.00"), NOW).discount == eur("5.00")
    expiring: IncentiveInput = {**TEN_PERCENT, "expires_at": NOW}
    before = incentive_preview(expiring, eur("10.00"), NOW - timedelta(seconds=1))
    assert before.eligible and before.discount == eur("1.00")
    at_expiry = incentive_preview(expiring, eur("10.00"), NOW)
    assert not at_expiry.eligible and at_expiry.reason == IncentiveExpired()
    assert (at_expiry.discount, at_expiry.total) == (eur("0.00"), eur("10.00"))


def test_incentive_of_an_order_and_validation() -> None:
    # The subtotal of 2 x 40.00 = 80.00; 10 % = 8.00.
    two_books = order("o1", line("l1", "book", "40.00", quantity=2))
    preview = incentive_preview_order(TEN_PERCENT, two_books, NOW)
    assert (preview.discount, preview.total) == (eur("8.00"), eur("72.00"))
    read = incentive(TEN_PERCENT)
    assert read.discount == PercentOff(percent=Decimal(10))
    assert (read.min_order, read.expires_at) == (None, None)
    with pytest.raises(InvalidAmountError, match="percent off must be between 0 and 100"):
        incentive({"discount": {"type": "percent_off", "percent": "100.5"}})
    with pytest.raises(InvalidInputError) as error:
        incentive({"discount": {"type": "bogus"}})  # type: ignore[arg-type]
    assert error.value.path == "incentive.discount.type"
    # A subtotal built in Python in exponent notation: 8E+1 = 80.00, 10 % = 8.00.
    exponent = incentive_preview(TEN_PERCENT, Money(amount=Decimal("8E+1"), currency="EUR"), NOW)
    assert (exponent.discount, exponent.total) == (eur("8.00"), eur("72.00"))
    usd_off: IncentiveInput = {"discount": {"type": "amount_off", "amount": {"amount": "5.00", "currency": "USD"}}}
    with pytest.raises(CurrencyMismatchError):
        incentive_preview(usd_off, eur("10.00"), NOW)


def test_email_key() -> None:
    assert email_key("Alice@Example.COM") == "alice@example.com"
    with pytest.raises(InvalidInputError) as error:
        email_key("bob@")
    assert error.value.path == "email"
    assert error.value.code == "INVALID_INPUT"
