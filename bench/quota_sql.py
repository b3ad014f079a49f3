"""The bench policy's quota report written by hand as one SQL statement, and a check of a snapshot
against it.

The policy (``BENCH_RULES``) holds every rule kind the bench data feeds: 5+X, urban and rural
averages, brands, social-work talent and street federations. ``hand_figures`` computes, for every
region of a jurisdiction, what the report's rows say — the tracking counts and, per rule, how many
communities (or streets) meet it — in one statement: per-community counts with ``COUNT(*) FILTER``,
joined with talent and federations, rolled up with ``GROUPING SETS``. Read from the live tables, or
with ``as_of`` from each organization's last history version before the next day (the hand-written
as-of query). ``snapshot_mismatches`` compares every cell of a snapshot with those figures.

Used by ``bench/quota_report_at_scale.py`` (as the yardstick) and by the test suite (as an
independent recomputation of a snapshot).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import connection
from django.utils import timezone

CORE = ["charity", "mutual_aid", "culture", "mediation", "safety"]
URBAN_AVERAGE, RURAL_AVERAGE, BRANDS, URBAN_TALENT, RURAL_TALENT = 15, 8, 2, 2, 1
BENCH_RULES: list[tuple[str, dict[str, Any]]] = [
    ("category_coverage", {"categories": CORE, "featured_min": 1}),
    ("average_organizations", {"urban": URBAN_AVERAGE, "rural": RURAL_AVERAGE}),
    ("brand_organizations", {"minimum": BRANDS}),
    ("social_workers", {"urban": URBAN_TALENT, "rural": RURAL_TALENT}),
    ("street_federation", {"townships": "optional"}),
]


def _categories() -> list[tuple[int, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute('SELECT id, code, "group" FROM registry_category ORDER BY id')
        return list(cursor.fetchall())


def hand_sql(as_of: datetime.date | None, categories: Iterable[tuple[int, str, str]]) -> str:
    categories = list(categories)
    by_category = "".join(
        f", count(*) FILTER (WHERE o.category_id = {pk}) AS c_{pk}" for pk, _, _ in categories
    )
    core = [pk for pk, code, _ in categories if code in CORE]
    featured = [pk for pk, _, group in categories if group == "featured"]
    covered = (
        " AND ".join(f"c_{pk} > 0" for pk in core)
        + " AND ("
        + " + ".join(f"c_{pk}" for pk in featured)
        + ") >= 1"
    )
    if as_of is None:
        organizations = "SELECT * FROM registry_organization WHERE community_id LIKE %(like)s"
        workers = "SELECT * FROM registry_socialworker WHERE community_id LIKE %(like)s"
    else:
        organizations = (
            "SELECT DISTINCT ON (id) * FROM registry_historicalorganization "
            "WHERE community_id LIKE %(like)s AND history_date < %(cutoff)s "
            "ORDER BY id, history_date DESC, history_id DESC"
        )
        workers = (
            "SELECT DISTINCT ON (id) * FROM registry_historicalsocialworker "
            "WHERE community_id LIKE %(like)s AND history_date < %(cutoff)s "
            "ORDER BY id, history_date DESC, history_id DESC"
        )
        organizations = f"SELECT * FROM ({organizations}) v WHERE history_type <> '-'"
        workers = f"SELECT * FROM ({workers}) v WHERE history_type <> '-'"
    sums = "".join(f", sum(c_{pk}) AS c_{pk}" for pk, _, _ in categories)
    return f"""
WITH orgs AS NOT MATERIALIZED ({organizations}),
per_community AS (
    SELECT r.code, r.urban_rural = 'urban' AS urban, count(o.id) AS organizations,
           count(*) FILTER (WHERE o.is_brand) AS brands,
           count(*) FILTER (WHERE o.tier = 'registered') AS t_registered,
           count(*) FILTER (WHERE o.tier = 'filed') AS t_filed,
           count(*) FILTER (WHERE o.tier = 'guided') AS t_guided{by_category}
    FROM registry_region r LEFT JOIN orgs o ON o.community_id = r.code AND o.status = 'active'
    WHERE r.level = 5 AND r.code LIKE %(like)s
    GROUP BY r.code, r.urban_rural
),
talent AS (
    SELECT community_id, count(*) AS n FROM ({workers}) w WHERE is_active GROUP BY community_id
),
federations AS (
    SELECT f.street_id, count(*) AS n FROM registry_federation f
    WHERE f.street_id LIKE %(like)s AND f.founded_on < %(day_after)s
      AND f.organization_id IN (SELECT id FROM orgs WHERE status = 'active')
    GROUP BY f.street_id
),
judged AS (
    SELECT c.*, coalesce(t.n, 0) AS social_workers,
           ({covered}) AS covered,
           c.organizations >= CASE WHEN c.urban THEN {URBAN_AVERAGE} ELSE {RURAL_AVERAGE} END AS dense,
           c.brands >= {BRANDS} AS branded,
           coalesce(t.n, 0) >= CASE WHEN c.urban THEN {URBAN_TALENT} ELSE {RURAL_TALENT} END AS staffed
    FROM per_community c LEFT JOIN talent t ON t.community_id = c.code
),
streets AS (
    SELECT r.code, coalesce(f.n, 0) AS federations
    FROM registry_region r LEFT JOIN federations f ON f.street_id = r.code
    WHERE r.level = 4 AND r.code LIKE %(like)s
)
SELECT left(code, 2), left(code, 4), left(code, 6), left(code, 9), code,
       count(*) AS communities, count(*) FILTER (WHERE urban) AS urban_communities,
       sum(organizations) AS organizations, sum(brands) AS brands,
       sum(t_registered) AS t_registered, sum(t_filed) AS t_filed,
       sum(t_guided) AS t_guided{sums},
       sum(social_workers) AS social_workers,
       sum(organizations) FILTER (WHERE urban) AS urban_organizations,
       count(*) FILTER (WHERE covered) AS covered, count(*) FILTER (WHERE branded) AS branded,
       count(*) FILTER (WHERE staffed) AS staffed,
       NULL::bigint AS streets, NULL::bigint AS federated, NULL::bigint AS federations
FROM judged
GROUP BY GROUPING SETS ((left(code, 2)), (left(code, 4)), (left(code, 6)), (left(code, 9)), (code))
UNION ALL
SELECT left(code, 2), left(code, 4), left(code, 6), code, NULL,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL{", NULL" * len(categories)}, NULL, NULL, NULL, NULL, NULL,
       count(*), count(*) FILTER (WHERE federations > 0), sum(federations)
FROM streets
GROUP BY GROUPING SETS ((left(code, 2)), (left(code, 4)), (left(code, 6)), (code))
"""


def hand_figures(prefix: str, as_of: datetime.date | None = None) -> dict[str, dict[str, Any]]:
    """Every region's figures under the prefix, keyed by its 12-digit code."""
    categories = _categories()
    day = as_of or timezone.localdate()
    params = {
        "like": f"{prefix}%",
        "cutoff": timezone.make_aware(
            datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min)
        ),
        "day_after": day + datetime.timedelta(days=1),
    }
    with connection.cursor() as cursor:
        cursor.execute(hand_sql(as_of, categories), params)
        columns = [column.name for column in cursor.description]
        figures: dict[str, dict[str, Any]] = {}
        for row in cursor.fetchall():
            key = next(part for part in reversed(row[:5]) if part is not None).ljust(12, "0")
            pairs = zip(columns[5:], row[5:], strict=True)
            values = {name: int(value) for name, value in pairs if value is not None}
            merged = figures.setdefault(key, {})
            merged.update(values)
    names = {f"c_{pk}": f"category:{code}" for pk, code, _ in categories}
    return {code: {names.get(k, k): v for k, v in fig.items()} for code, fig in figures.items()}


def expected_counts(figures: Mapping[str, Any]) -> dict[str, int]:
    """The tracking counts a snapshot row holds, zero-valued ones left out."""
    counts = {
        "organizations": figures.get("organizations", 0),
        "brands": figures.get("brands", 0),
        "communities": figures.get("communities", 0),
        "urban_communities": figures.get("urban_communities", 0),
        "rural_communities": figures.get("communities", 0) - figures.get("urban_communities", 0),
        "social_workers": figures.get("social_workers", 0),
        "federations": figures.get("federations", 0),
    }
    for name in ("registered", "filed", "guided"):
        counts[f"tier:{name}"] = figures.get(f"t_{name}", 0)
    counts.update({name: n for name, n in figures.items() if name.startswith("category:")})
    return {name: int(n) for name, n in counts.items() if n}


def snapshot_mismatches(rows: Iterable[Any], rules: list[dict[str, Any]], figures: Mapping) -> list[str]:
    """Every cell of a snapshot (``QuotaReportRow``s) that differs from the hand-written figures."""
    kinds = {rule["kind"]: rule["key"] for rule in rules}
    wrong: list[str] = []
    for row in rows:
        fig = figures[row.region_id]
        expected = expected_counts(fig)
        actual = {name: n for name, n in row.counts.items() if n}
        if actual != expected:
            wrong.append(f"{row.region_id} counts {actual} != {expected}")
        for kind, (value, target) in _expected_results(row.level, fig).items():
            result = row.results[kinds[kind]]
            if (result["value"], result["target"]) != (value, target):
                wrong.append(
                    f"{row.region_id} {kind} {result['value']}/{result['target']} != {value}/{target}"
                )
    return wrong


def _expected_results(level: int, fig: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    if level == 5:
        urban = fig["urban_communities"] == 1
        core = sum(1 for code in CORE if fig.get(f"category:{code}"))
        return {
            "category_coverage": (core + (fig.get("category:featured", 0) >= 1), len(CORE) + 1),
            "average_organizations": (fig["organizations"], URBAN_AVERAGE if urban else RURAL_AVERAGE),
            "brand_organizations": (fig["brands"], BRANDS),
            "social_workers": (fig["social_workers"], URBAN_TALENT if urban else RURAL_TALENT),
        }
    communities = fig["communities"]
    streets = (
        {"street_federation": (int(bool(fig["federations"])), 1)}
        if level == 4
        else {"street_federation": (fig["federated"], fig["streets"])}
    )
    urban, rural = fig["urban_communities"], communities - fig["urban_communities"]
    target = (URBAN_AVERAGE * urban + RURAL_AVERAGE * rural) / communities
    return {
        "category_coverage": (fig["covered"], communities),
        "average_organizations": (_round1(fig["organizations"] / communities), _round1(target)),
        "brand_organizations": (fig["branded"], communities),
        "social_workers": (fig["staffed"], communities),
        **streets,
    }


def _round1(value: float) -> float:
    return round(value + 1e-9, 1)
