"""The made-up people and proposals of the demo's applications (``demo.filing.applications``).

``plan()`` draws them all from one ``random.Random(SEED)`` in a fixed order, with no database:
the same seed always gives the same plan.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from typing import Any

from demo.names import MOBILE_PREFIXES
from registry.identifiers import resident_id_check_char

from .applications import APPLICATIONS
from .specs import NEW, DemoApplication

SEED = 20261123
DISTRICT = "990101"  # 临江区: both demo streets of the workflow are in it


@dataclass(frozen=True)
class Person:
    name: str
    id_number: str
    phone: str


@dataclass
class _Draws:
    """Everything random of the demo's applications, drawn in one fixed order."""

    rng: random.Random
    people: dict[str, Person] = field(default_factory=dict)

    def person(self, name: str, male: bool) -> Person:
        if name not in self.people:
            rng = self.rng
            born = datetime.date(1958, 1, 1) + datetime.timedelta(days=rng.randrange(34 * 365))
            sequence = rng.randrange(0, 1000, 2) + (1 if male else 0)  # odd for men, even for women
            body = f"{DISTRICT}{born:%Y%m%d}{sequence:03d}"
            phone = rng.choice(MOBILE_PREFIXES) + f"{rng.randrange(10**8):08d}"
            self.people[name] = Person(name, body + resident_id_check_char(body), phone)
        return self.people[name]

    def proposal(self, spec: DemoApplication) -> dict[str, Any]:
        rng, group = self.rng, spec.group
        leader = self.person(spec.contact, spec.male)
        founded = datetime.date(2023, 3, 1) + datetime.timedelta(days=rng.randrange(3 * 365))
        funding = rng.sample(("dues", "community_fund", "venue_support", "self_raised"), rng.randint(1, 2))
        return {
            "name": group.name,
            "category": group.category,
            "founded_on": founded.isoformat(),
            "member_count": rng.randint(12, 45),
            "venue": group.venue,
            "leader_name": leader.name,
            "leader_id_number": leader.id_number,
            "leader_phone": leader.phone,
            "party_building": rng.choices(("none", "joint", "independent"), weights=(60, 35, 5))[0],
            "funding_sources": sorted(funding),
            "domains": list(group.domains),
            "target_groups": list(group.targets),
        }


@dataclass(frozen=True)
class Planned:
    spec: DemoApplication
    contact: Person
    proposal: dict[str, Any]  # a new filing's; a change's is made from its organization


def plan(seed: int = SEED) -> list[Planned]:
    """Every demo application with its people and proposal; the same seed gives the same plan."""
    draws = _Draws(random.Random(seed))
    planned = []
    for spec in APPLICATIONS:
        if len(spec.trail) != len(spec.steps):
            raise AssertionError(f"{spec.contact}: {len(spec.steps)} steps, {len(spec.trail)} dates")
        proposal = draws.proposal(spec) if spec.kind == NEW else {}
        planned.append(Planned(spec, draws.person(spec.contact, spec.male), proposal))
    return planned
