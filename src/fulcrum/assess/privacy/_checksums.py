"""Check-digit algorithms used to validate identifier candidates.

- GB 11643-1999 (resident identity number): ISO 7064 MOD 11-2, weights
  ``2**(17 - i) mod 11``, check characters ``10X98765432``.
- GB 32100-2015 (unified social credit code): weights ``3**i mod 31`` over the
  31-character alphabet without I, O, Z, S, V; check ``(31 - sum mod 31) mod 31``.
- Luhn (payment cards) and ISO 13616 mod 97 (IBAN).
"""

from __future__ import annotations

import datetime as _dt
from functools import cache
from importlib import resources

_ID_WEIGHTS = tuple(pow(2, 17 - i, 11) for i in range(17))
_ID_CHECK = "10X98765432"
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_VALUE = {c: i for i, c in enumerate(USCC_ALPHABET)}
_USCC_WEIGHTS = tuple(pow(3, i, 31) for i in range(17))


@cache
def cn_province_codes() -> frozenset[str]:
    """Two-digit province-level area codes (GB/T 2260), read from the bundled data file."""
    text = resources.files("fulcrum.assess.privacy").joinpath("data/cn_province_codes.txt")
    codes = []
    for line in text.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            codes.append(line.split()[0])
    return frozenset(codes)


def looks_like_cn_resident_id(value: str) -> bool:
    """18 characters with a valid area and birth date, whatever the check (a mistyped ID)."""
    return (
        len(value) == 18
        and value[:17].isdigit()
        and value[17] in "0123456789Xx"
        and value[:2] in cn_province_codes()
        and valid_date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    )


def cn_resident_id_check_char(body: str) -> str:
    """The GB 11643 check character of the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(body, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def valid_date(year: int, month: int, day: int, *, earliest: int = 1900) -> bool:
    """Whether the date exists and lies between ``earliest`` and today."""
    try:
        date = _dt.date(year, month, day)
    except ValueError:
        return False
    return earliest <= year and date <= _dt.date.today()


def is_cn_resident_id(value: str) -> bool:
    """Check an 18-character resident ID: area code, birth date and check digit."""
    if len(value) != 18 or not value[:17].isdigit() or value[:2] not in cn_province_codes():
        return False
    if not valid_date(int(value[6:10]), int(value[10:12]), int(value[12:14])):
        return False
    return cn_resident_id_check_char(value[:17]) == value[17].upper()


def uscc_check_char(body: str) -> str:
    """The GB 32100 check character of the first 17 characters."""
    total = sum(_USCC_VALUE[c] * w for c, w in zip(body, _USCC_WEIGHTS, strict=True))
    return USCC_ALPHABET[(31 - total % 31) % 31]


def is_uscc(value: str) -> bool:
    """Check an 18-character unified social credit code and its check character."""
    value = value.upper()
    if len(value) != 18 or any(c not in _USCC_VALUE for c in value):
        return False
    if not value[2:8].isdigit() or value[2:4] not in cn_province_codes():
        return False
    return uscc_check_char(value[:17]) == value[17]


def luhn_ok(digits: str) -> bool:
    """The Luhn (mod 10) check over a string of digits."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def luhn_check_digit(body: str) -> str:
    """The digit that makes ``body + digit`` pass the Luhn check."""
    for digit in "0123456789":
        if luhn_ok(body + digit):
            return digit
    raise AssertionError("unreachable")


def iban_mod97(value: str) -> int:
    """ISO 13616 remainder: 1 for a valid IBAN (spaces ignored)."""
    text = value.replace(" ", "").upper()
    moved = text[4:] + text[:4]
    number = "".join(str(int(c, 36)) for c in moved)
    return int(number) % 97


def is_tr_tckimlik(digits: str) -> bool:
    """Turkish identity number (T.C. Kimlik No.): 11 digits, two check digits."""
    if len(digits) != 11 or not digits.isdigit() or digits[0] == "0":
        return False
    d = [int(c) for c in digits]
    tenth = (7 * sum(d[0:9:2]) - sum(d[1:8:2])) % 10
    return d[9] == tenth and d[10] == sum(d[:10]) % 10


def is_gr_amka(digits: str) -> bool:
    """Greek social security number (AMKA): a DDMMYY birth date and the Luhn check."""
    if len(digits) != 11 or not digits.isdigit() or not luhn_ok(digits):
        return False
    day, month = int(digits[:2]), int(digits[2:4])
    return 1 <= day <= 31 and 1 <= month <= 12
