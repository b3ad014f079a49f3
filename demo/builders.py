"""The demo builders, in the order ``manage.py seed_demo`` runs them.

This tuple is the one place where a part of the platform adds its demo data. To add one (the
incubation bases, the annual evaluation …), write a module of this package with a function that
takes no argument and returns a ``demo.seeding.Part``, and list it here after the builders whose
data it needs::

    def seed_incubation() -> Part:
        bases = _apply_bases()                      # writes through the app's services
        return Part(summary=lambda: [f"  孵化基地：{bases} 个"], logins=[...])

A builder

- runs inside the one transaction of the whole seed, after every builder listed before it: it
  may rely on their data (the city, its organizations and its accounts come first), never on
  a later one's;
- is idempotent: a second run finds its rows again by their natural keys and creates nothing
  (it may reset what a demo user could have changed, such as the passwords);
- writes through the apps' services, as a user would, and reads scoped models with
  ``.unrestricted()``;
- raises ``DemoSeedError`` with a message in Chinese when the database cannot take the demo;
- gives its accounts the demo password (``demo.seeding.PASSWORD``) and returns them as
  ``LoginRow`` s, listed in the logins table after the earlier builders' accounts;
- returns its summary as a callable, called once every builder has run (so that its figures
  include what later builders changed) and printed after the earlier builders' lines, unless
  ``--quiet``.
"""

from __future__ import annotations

from .evaluation import seed_evaluation
from .filing.seed import seed_filing
from .incubation.seed import seed_incubation
from .quota import seed_quota
from .registry import seed_city
from .seeding import Builder

BUILDERS: tuple[Builder, ...] = (
    seed_city,  # regions, organizations, federations, social workers, the staff accounts
    seed_filing,  # certificates, applications in every state, the applicant and committees
    seed_incubation,  # bases at three levels, tenants in every state, services, subsidies, evaluations
    seed_evaluation,  # work reports, projects, trainings, annual rounds, brand designations
    seed_quota,  # quota policies and their dated snapshots
)
