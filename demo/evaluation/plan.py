"""Who does what in the evaluation demo: drawn from one seeded generator per organization, so the same
organization always gets the same grade, report and project whatever else the demo holds."""

from __future__ import annotations

import random
from dataclasses import dataclass

from demo.city import COVERED, FULL, GEOGRAPHY, PARTIAL

SEED = 20261129

# Per coverage profile: the mean score of its organizations, the share that reported each of the
# last two half-years, the share that ran a project and sent its leader to a training.
PROFILES = {
    FULL: (87.0, 0.95, 0.85, 1.0),
    COVERED: (79.0, 0.85, 0.7, 0.7),
    PARTIAL: (70.0, 0.6, 0.45, 0.5),
}


def community_profiles() -> dict[str, str]:
    """Each community's coverage profile, by code (the demo city's own numbering)."""
    found = {}
    for _district, _name, streets in GEOGRAPHY:
        for street_code, _street, _federation, communities in streets:
            for number, (_community, profile, _missing) in enumerate(communities, start=1):
                found[f"{street_code}{number:03d}"] = profile
    return found


@dataclass(frozen=True)
class OrganizationPlan:
    base: float  # the organization's mean score
    reports: tuple[bool, bool]  # reported the last half-year, the one before
    active: bool  # ran a project and sent its leader to a training
    party_leader: bool


def organization_plan(name: str, profile: str, *, brand: bool) -> OrganizationPlan:
    rng = random.Random(f"{SEED}:{name}")
    mean, reported, earlier, active = PROFILES.get(profile, PROFILES[PARTIAL])
    base = min(98.0, max(40.0, rng.gauss(mean, 7.0)))
    if brand:  # brands come from the organizations graded 优秀
        base = max(base, 91.0 + rng.random() * 5)
    return OrganizationPlan(
        base=base,
        reports=(rng.random() < reported, rng.random() < earlier),
        active=rng.random() < active,
        party_leader=rng.random() < 0.3,
    )


def indicator_scores(name: str, base: float) -> dict[str, float]:
    """The committee's four scores around the organization's mean (the fifth comes from the ballots)."""
    rng = random.Random(f"{SEED}:scores:{name}")
    codes = ("party", "governance", "activities", "results")
    return {code: round(min(100.0, max(0.0, base + rng.uniform(-5, 5))), 1) for code in codes}


def ballots(name: str, base: float) -> dict[str, int]:
    """Residents' ballots (20–60 of them), more satisfied the better the organization."""
    rng = random.Random(f"{SEED}:ballots:{name}")
    total = rng.randint(20, 60)
    satisfied = round(total * min(0.98, max(0.1, (base - 40) / 60)))
    unsatisfied = round((total - satisfied) * rng.uniform(0.1, 0.5))
    return {
        "votes_satisfied": satisfied,
        "votes_basic": total - satisfied - unsatisfied,
        "votes_unsatisfied": unsatisfied,
    }
