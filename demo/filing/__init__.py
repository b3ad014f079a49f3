"""The filing part of the demo (a builder, see ``demo.builders``: ``demo.filing.seed.seed_filing``).

On top of the demo city (``demo.registry``) it adds:

- **certificates** for every active filed organization of the city that has none, issued through
  ``filing.services.certificate_issue`` by ``admin`` (today, numbered per street and year like any
  other; no PDF is rendered here, each renders on its first download), and three of them
  backdated so that they fall due for renewal (换发) within the notice window;
- **applications** (``APPLICATIONS``, in ``demo.filing.applications``) in every state and of every
  kind, most of them in 江滨街道 (``street_a``), a few in 望湖街道 (``street_b``) so that its
  workbench is not empty. Each is brought to its state through the filing services, acting as the
  demo accounts: the street office files for the group or an applicant files on their own; the
  community committee gives its opinion or returns; the street approves, returns or refuses.
  Approvals create, change or end organizations of the registry as in real use (their certificate
  PDFs render after commit).
- the **accounts** these need: ``applicant_demo``, an applicant (备案申请人) with a draft and a
  returned new filing of her own (the organization account ``org_a`` cannot apply: its group is
  community-guided, and organization accounts only file changes of filed organizations), and the
  committees of the other communities where an opinion is given (``community_001002`` for 桃源村 …).
  Applications still awaiting an opinion in 江滨街道 are all in 幸福里社区, so that ``community_a``
  has a workbench of its own.

The services stamp every step with the current time. To give the workbench a spread of
deadlines (one opinion overdue, one due soon, one decision overdue …), each application's dates
and trail are then moved back (``demo.filing.workflow``), a direct update of demo data only.

Deterministic (one ``random.Random(SEED)`` in ``demo.filing.plan`` draws every made-up person and
number, whatever is already in the database) and idempotent: an application is found again by its
community, kind and contact name (unique among the demo's applications) and is never created
twice; a certificate is issued only to an organization without one; accounts are upserted.
"""
