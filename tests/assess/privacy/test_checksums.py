"""Check-digit algorithms against python-stdnum (independent oracle) and hand cases."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fulcrum.assess.privacy._checksums import (
    USCC_ALPHABET,
    cn_province_codes,
    cn_resident_id_check_char,
    iban_mod97,
    is_cn_resident_id,
    is_uscc,
    luhn_check_digit,
    luhn_ok,
    uscc_check_char,
)

ric = pytest.importorskip("stdnum.cn.ric")
uscc = pytest.importorskip("stdnum.cn.uscc")
stdnum_luhn = pytest.importorskip("stdnum.luhn")
stdnum_iban = pytest.importorskip("stdnum.iban")


@settings(max_examples=300)
@given(st.text("0123456789", min_size=17, max_size=17))
def test_resident_id_check_char_matches_stdnum(body: str) -> None:
    # stdnum expects the number with a (placeholder) check digit
    assert cn_resident_id_check_char(body) == ric.calc_check_digit(body + "0")


@settings(max_examples=300)
@given(st.text(USCC_ALPHABET, min_size=17, max_size=17))
def test_uscc_check_char_matches_stdnum(body: str) -> None:
    assert uscc_check_char(body) == uscc.calc_check_digit(body)


@settings(max_examples=300)
@given(st.text("0123456789", min_size=12, max_size=18))
def test_luhn_matches_stdnum(body: str) -> None:
    digit = luhn_check_digit(body)
    assert digit == stdnum_luhn.calc_check_digit(body)
    assert luhn_ok(body + digit)
    assert not luhn_ok(body + str((int(digit) + 1) % 10))


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("11010519491231002X", True),  # the GB 11643 standard's worked example
        ("11010519491231002x", True),
        ("110105194912310021", False),  # wrong check digit
        ("990105194912310020", False),  # no province 99
        ("110105194902300021", False),  # 30 February
        ("110105290012310025", False),  # born in the future
    ],
)
def test_resident_id_cases(value: str, valid: bool) -> None:
    assert is_cn_resident_id(value) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("91110000600037341L", True),
        ("91110000600037341M", False),
        ("9111000060003734IL", False),  # I is not in the alphabet
        ("91990000600037341L", False),  # no area 99
    ],
)
def test_uscc_cases(value: str, valid: bool) -> None:
    assert is_uscc(value) is (valid and uscc.is_valid(value) if valid else False)


@pytest.mark.parametrize(
    "value", ["GB82WEST12345698765432", "DE89370400440532013000", "FR1420041010050500013M02606"]
)
def test_iban_mod97(value: str) -> None:
    assert stdnum_iban.is_valid(value)
    assert iban_mod97(value) == 1
    broken = value[:4] + ("1" if value[4] != "1" else "2") + value[5:]
    assert iban_mod97(broken) != 1


def test_province_codes_are_data() -> None:
    codes = cn_province_codes()
    assert {"11", "44", "65", "81", "82"} <= codes
    assert "99" not in codes and "10" not in codes
