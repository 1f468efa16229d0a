"""Labelled corpus generator for the privacy recognizers (tests and benchmark).

Every sentence mixes Chinese and English text, valid identifiers (labelled
with their type and character offsets) and decoys that must *not* be found:
wrong check digits, impossible dates or areas, digit runs inside longer
numbers, order numbers and version strings. Deterministic for a given seed.

The check characters here are computed independently of Fulcrum (plain
formulas written out again), so a bug in ``_checksums`` cannot hide itself.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import string
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45,
             46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65]  # fmt: skip
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "147",
                   "150", "151", "152", "153", "155", "157", "158", "159", "166", "170",
                   "173", "175", "176", "177", "178", "180", "181", "182", "183", "185",
                   "186", "187", "188", "189", "191", "198", "199"]  # fmt: skip
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ"
FILLER_ZH = ["请核对以下信息。", "客户资料已更新，", "根据合同约定，", "系统日志显示", "备注：",
             "如有疑问请联系我们。", "本次申请材料包括", "审核意见：同意。"]  # fmt: skip
FILLER_EN = ["Please review the record below.", "Customer profile updated;", "As agreed,",
             "The service log shows", "Note:", "Contact us with any question.",
             "The application includes", "Reviewer comment: approved."]  # fmt: skip


def resident_id(rng: random.Random, *, valid: bool = True) -> str:
    """An 18-character resident ID; ``valid=False`` gives a wrong check character."""
    start = dt.date(1940, 1, 1).toordinal()
    birth = dt.date.fromordinal(rng.randint(start, dt.date(2015, 12, 31).toordinal()))
    body = f"{rng.choice(PROVINCES)}{rng.randint(1, 99):02d}{rng.randint(1, 99):02d}"
    body += birth.strftime("%Y%m%d") + f"{rng.randint(0, 999):03d}"
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    check = "10X98765432"[sum(int(d) * w for d, w in zip(body, weights, strict=True)) % 11]
    if not valid:
        check = rng.choice([c for c in "0123456789X" if c != check])
    return body + check


def uscc(rng: random.Random, *, valid: bool = True) -> str:
    """A unified social credit code; ``valid=False`` gives a wrong check character."""
    body = (
        rng.choice(["91", "92", "93", "11", "12", "51", "52", "Y1"])
        + f"{rng.choice(PROVINCES)}{rng.randint(0, 9999):04d}"
    )
    body += "".join(rng.choice(USCC_CHARS) for _ in range(9))
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body, weights, strict=True))
    check = USCC_CHARS[(31 - total % 31) % 31]
    if not valid:
        check = rng.choice([c for c in USCC_CHARS if c != check])
    return body + check


def luhn_complete(body: str) -> str:
    """Append the Luhn check digit."""
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return body + str((10 - total % 10) % 10)


def not_luhn(digits: str) -> str:
    """``digits`` altered in its last place if it happens to pass the Luhn check."""
    if luhn_complete(digits[:-1]) == digits:
        return digits[:-1] + str((int(digits[-1]) + 1) % 10)
    return digits


def bank_card(rng: random.Random, *, valid: bool = True) -> str:
    """A UnionPay (62, 16 or 19 digits) or Visa (4, 16 digits) card number."""
    if rng.random() < 0.7:
        prefix, length = (
            "62" + rng.choice(["2202", "2848", "1700", "2588", "1483"]),
            rng.choice([16, 19]),
        )
    else:
        prefix, length = "4" + str(rng.randint(10000, 99999)), 16
    body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
    card = luhn_complete(body)
    if not valid:
        card = card[:-1] + str((int(card[-1]) + rng.randint(1, 9)) % 10)
    if rng.random() < 0.3 and len(card) == 16:
        card = " ".join(card[i : i + 4] for i in range(0, 16, 4))
    return card


def mobile(rng: random.Random) -> str:
    number = rng.choice(MOBILE_PREFIXES) + "".join(rng.choice(string.digits) for _ in range(8))
    style = rng.random()
    if style < 0.2:
        return "+86 " + number
    if style < 0.35:
        return f"{number[:3]} {number[3:7]} {number[7:]}"
    return number


def iban(rng: random.Random) -> str:
    country, bban_len = rng.choice([("DE", 18), ("GB", 18), ("FR", 23), ("NL", 14), ("ES", 20)])
    if country == "GB":
        bban = "".join(rng.choice(string.ascii_uppercase) for _ in range(4))
        bban += "".join(rng.choice(string.digits) for _ in range(14))
    elif country == "NL":
        bban = "".join(rng.choice(string.ascii_uppercase) for _ in range(4))
        bban += "".join(rng.choice(string.digits) for _ in range(10))
    else:
        bban = "".join(rng.choice(string.digits) for _ in range(bban_len))
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    return f"{country}{check:02d}{bban}"


def bad_iban(rng: random.Random) -> str:
    """A well-formed IBAN whose check digits are wrong."""
    good = iban(rng)
    return good[:2] + f"{(int(good[2:4]) + rng.randint(1, 90)) % 97 + 2:02d}"[-2:] + good[4:]


def ssn(rng: random.Random) -> str:
    area = rng.choice([a for a in range(1, 900) if a != 666])
    return f"{area:03d}-{rng.randint(1, 99):02d}-{rng.randint(1, 9999):04d}"


def plate(rng: random.Random) -> str:
    tail = "".join(rng.choice(string.digits + "ABCDEFGHJKLMNPQRSTUVWXYZ") for _ in range(4))
    return (
        rng.choice(PLATE_PROVINCES) + rng.choice(PLATE_LETTERS) + rng.choice(string.digits) + tail
    )


def email(rng: random.Random) -> str:
    user = "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 9)))
    return f"{user}.{rng.randint(1, 99)}@{rng.choice(['example.com', 'mail.cn', 'corp.com.cn'])}"


def ipv4(rng: random.Random) -> str:
    return ".".join(str(rng.randint(1, 254)) for _ in range(4))


def ipv6(rng: random.Random) -> str:
    groups = [f"{rng.randint(0, 0xFFFF):x}" for _ in range(8)]
    if rng.random() < 0.4:
        return f"2001:db8::{groups[6]}:{groups[7]}"
    return ":".join(groups)


def mac(rng: random.Random) -> str:
    sep = rng.choice(":-")
    return sep.join(f"{rng.randint(0, 255):02x}" for _ in range(6))


def phone(rng: random.Random) -> str:
    prefix = rng.choice(["+44 20 7946 0", "+49 30 9018", "+33 1 42 68 5", "+1 415 555 0"])
    return prefix + f"{rng.randint(100, 999)}"


def dob(rng: random.Random) -> str:
    day = dt.date.fromordinal(
        rng.randint(dt.date(1950, 1, 1).toordinal(), dt.date(2010, 1, 1).toordinal())
    )
    return rng.choice(
        [
            day.strftime("%Y-%m-%d"),
            day.strftime("%d/%m/%Y"),
            f"{day.year}年{day.month}月{day.day}日",
        ]
    )


#: (type, generator, phrase template) of valid entities; {} is the value.
VALID: list[tuple[str, Callable[[random.Random], str], list[str]]] = [
    ("CN_RESIDENT_ID", resident_id, ["身份证号{}，", "ID number {} ", "证件号码：{}；", "{}"]),
    ("CN_MOBILE", mobile, ["手机 {}，", "call {} today", "联系电话{}。"]),
    ("CN_USCC", uscc, ["统一社会信用代码 {}。", "USCC: {};", "供应商{}已备案"]),
    ("BANK_CARD", bank_card, ["银行卡号 {} ", "card {} was charged", "卡号：{}"]),
    ("EMAIL", email, ["邮箱 {} ", "mail {}, thanks"]),
    ("IPV4", ipv4, ["登录IP {} ", "from host {} at noon"]),
    ("IPV6", ipv6, ["address {} ", "IPv6地址{}，"]),
    ("MAC", mac, ["MAC {} ", "设备地址 {}"]),
    ("IBAN", iban, ["IBAN {} ", "pay to {} please"]),
    ("US_SSN", ssn, ["SSN {} ", "social security number {}."]),
    ("CN_LICENSE_PLATE", plate, ["车牌 {} ", "车辆{}违停"]),
    ("PHONE", phone, ["tel {} ", "office phone {}."]),
    ("DATE_OF_BIRTH", dob, ["出生日期 {} ", "date of birth: {}, "]),
    ("URL", lambda r: f"https://www.example.com/u/{r.randint(1, 10**6)}", ["see {} ", "链接 {} "]),
    (
        "CN_PASSPORT",
        lambda r: "E" + "".join(r.choice(string.digits) for _ in range(8)),
        ["护照号码 {} ", "passport no. {}"],
    ),
]

#: Decoys: text that looks like an identifier but must not be reported.
DECOYS: list[Callable[[random.Random], str]] = [
    lambda r: f"身份证号{resident_id(r, valid=False)}有误",
    lambda r: f"USCC {uscc(r, valid=False)} rejected",
    lambda r: f"card {bank_card(r, valid=False)} declined",
    lambda r: f"订单号 {r.randint(10**17, 10**18 - 1)}",
    lambda r: f"order no. {not_luhn(str(r.randint(10**15, 10**16 - 1)))}",
    lambda r: f"流水号{resident_id(r)}{r.randint(10, 99)}",
    lambda r: (
        "ref "
        + not_luhn(f"{r.randint(10, 99)}{mobile(r)[-11:].replace(' ', '0')}{r.randint(100, 999)}")
    ),
    lambda r: (
        f"version {r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 99)}.{r.randint(0, 999)}"
    ),
    lambda r: f"v{r.randint(1, 9)}.{r.randint(0, 20)}.{r.randint(0, 9)}",
    lambda r: f"build 10.0.{r.randint(10000, 30000)}.{r.randint(1, 999)}",
    lambda r: "会议时间 12:30:45",
    lambda r: f"IBAN {bad_iban(r)} (typo)",
    lambda r: f"编号 99{r.randint(10**15, 10**16 - 1)}",
    lambda r: f"SSN 000-{r.randint(10, 99)}-{r.randint(1000, 9999)} invalid",
    lambda r: f"E{r.randint(10**7, 10**8 - 1)} is an error code",
]


@dataclass
class Record:
    """One labelled sentence: the text and its (type, start, end) labels."""

    text: str
    labels: list[tuple[str, int, int]] = field(default_factory=list)


def make_corpus(n: int = 600, *, seed: int = 6) -> list[Record]:
    """``n`` sentences, each with 1-3 valid entities and one decoy."""
    rng = random.Random(seed)
    records = []
    for i in range(n):
        parts: list[str] = []
        labels: list[tuple[str, int, int]] = []
        filler = FILLER_ZH if i % 2 else FILLER_EN
        parts.append(rng.choice(filler) + " ")
        for k in range(rng.randint(1, 3)):
            kind, gen, templates = VALID[(i * 3 + k) % len(VALID)]
            value = gen(rng)
            template = rng.choice(templates)
            prefix = "".join(parts) + template[: template.index("{}")]
            labels.append((kind, len(prefix), len(prefix) + len(value)))
            parts.append(template.format(value) + " ")
        parts.append(rng.choice(DECOYS)(rng) + "。 ")
        parts.append(rng.choice(filler))
        records.append(Record("".join(parts), labels))
    return records


def resident_id_sentences(n: int = 300, *, seed: int = 7) -> list[Record]:
    """``n`` sentences each holding one valid resident ID (for the recall comparison)."""
    rng = random.Random(seed)
    records = []
    for _ in range(n):
        value = resident_id(rng)
        prefix = rng.choice(["申请人身份证号码为", "Applicant ID: ", "证件号 "])
        records.append(
            Record(
                prefix + value + "，已核验。", [("CN_RESIDENT_ID", len(prefix), len(prefix) + 18)]
            )
        )
    return records


def mixed_text(size_bytes: int, *, seed: int = 8) -> str:
    """About ``size_bytes`` of mixed Chinese/English text with identifiers and decoys."""
    rng = random.Random(seed)
    base = make_corpus(400, seed=seed)
    prose = FILLER_ZH + FILLER_EN
    chunks, size = [], 0
    while size < size_bytes:
        piece = rng.choice(base).text + " " + " ".join(rng.choice(prose) for _ in range(6)) + "\n"
        chunks.append(piece)
        size += len(piece.encode("utf-8"))
    return "".join(chunks)


if __name__ == "__main__":
    out = Path(__file__).with_name("corpus.jsonl")
    with out.open("w", encoding="utf-8") as handle:
        for record in make_corpus(300):
            handle.write(
                json.dumps({"text": record.text, "labels": record.labels}, ensure_ascii=False)
                + "\n"
            )
    print(f"wrote {out}")
