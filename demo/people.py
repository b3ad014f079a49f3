"""Made-up people and identifiers of the demo: names, resident IDs, mobiles, credit codes.

Everything is drawn from the plan's one seeded generator (``demo.plan``), so the same seed always
gives the same people; every ID and code passes its check (GB 11643, GB 11714, GB 32100).
"""

from __future__ import annotations

import datetime
import random

from registry.identifiers import credit_code_check_char, resident_id_check_char

from .names import FEMALE_GIVEN, MALE_GIVEN, MOBILE_PREFIXES, SURNAMES


class People:
    """Names, resident IDs and mobiles of made-up people, drawn from the plan's generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def person(self, district_code: str, *, born_from: int = 1950, born_to: int = 1995) -> tuple[str, str]:
        rng = self.rng
        male = rng.random() < 0.5
        name = rng.choice(SURNAMES) + rng.choice(MALE_GIVEN if male else FEMALE_GIVEN)
        birth = datetime.date(born_from, 1, 1) + datetime.timedelta(
            days=rng.randrange((datetime.date(born_to, 12, 31) - datetime.date(born_from, 1, 1)).days)
        )
        sequence = rng.randrange(0, 1000, 2) + (1 if male else 0)  # odd for men, even for women
        body = f"{district_code}{birth:%Y%m%d}{sequence:03d}"
        return name, body + resident_id_check_char(body)

    def mobile(self) -> str:
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"

    def date_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + datetime.timedelta(days=self.rng.randint(0, (last - first).days))


def organization_code_check_char(body: str) -> str:
    """The GB 11714 check character of an 8-character organization code body."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum((int(ch) if ch.isdigit() else ord(ch) - 55) * w for ch, w in zip(body, weights, strict=True))
    check = 11 - total % 11
    return {10: "X", 11: "0"}.get(check, str(check))


def demo_credit_code(serial: int, *, district_code: str, association: bool) -> str:
    """A valid GB 32100 code: civil affairs (5), 社会团体 (1) or 民办非企业单位 (2), the district."""
    body = f"MJ{serial:06d}"
    body += organization_code_check_char(body)
    head = f"5{'1' if association else '2'}{district_code[:6]}{body}"
    return head + credit_code_check_char(head)
