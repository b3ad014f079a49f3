"""The demo: a fictional city 清河市 (division codes under the made-up province 99) with its
organizations, filings and quota snapshots, loaded by ``manage.py seed_demo``.

Not runtime code: no app imports this package. It writes through the apps' services like any
user would, one builder per part (``demo.builders``), in one transaction (``demo.seeding``).
"""
