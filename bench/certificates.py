"""How long approving a filing application and rendering its certificate take, with Celery tasks
running eagerly in-process (the embedded setup, the slowest case for approval).

Targets: approval answered in ≤ 1 s (a new filing and a change), a certificate rendered in
≤ 1.5 s. Approval is timed the way a WSGI server sees it: from the request until its response
is complete (``close()`` is entered); the certificate render that follows it is timed apart.
Prints the median of each and its ratio to the target (≤ 1.00 meets it).

    python bench/certificates.py [--repeat N] [--db PATH] [--fonttools]

Uses DATABASE_URL when set; otherwise a SQLite database at --db (default under the system's
temporary folder), migrated and seeded with the demo on first use and reused afterwards.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")

APPROVAL_TARGET = 1.0
RENDER_TARGET = 1.5
DIGITS = "零一二三四五六七八九"


def setup(db: Path) -> None:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="ccso-bench-media-"))
    os.environ.pop("CELERY_BROKER_URL", None)  # eager: the case where approval used to wait
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)
    from registry.models import User

    if not User.objects.unrestricted().filter(username="street_a").exists():
        print("seeding the demo (once) …", flush=True)
        call_command("seed_demo", quiet=True)


def chinese_number(n: int) -> str:
    return "".join(DIGITS[int(d)] for d in str(n))


def resident_id(serial: int) -> str:
    from registry.identifiers import resident_id_check_char

    body = f"11010119800101{serial % 1000:03d}"
    return body + resident_id_check_char(body)


def complete(application, people) -> None:
    """Attach the required materials, submit, and have the community give its opinion."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from filing import services
    from filing.choices import Opinion
    from filing.services.proposals import REQUIRED_MATERIALS

    for kind in REQUIRED_MATERIALS[application.kind]:
        upload = SimpleUploadedFile("材料.pdf", b"%PDF-1.7\n%%EOF\n", content_type="application/pdf")
        services.material_add(actor=people["street"], application_id=application.pk, kind=kind, upload=upload)
    services.application_submit(
        actor=people["street"], application_id=application.pk, commitment_accepted=True
    )
    services.application_give_opinion(
        actor=people["community"], application_id=application.pk, opinion=Opinion.AGREE, note="同意"
    )


def new_filing(people, serial: int):
    from django.utils import timezone

    from filing import services
    from filing.choices import ApplicationKind

    community = people["community"].region
    stamp = chinese_number(int(time.time()) % 100000) + chinese_number(serial)
    application = services.application_create(
        actor=people["street"],
        kind=ApplicationKind.NEW,
        community=community,
        contact_name="刘桂兰",
        contact_phone="13911112222",
        proposal={
            "name": f"{community.name}测速{stamp}号志愿服务队",
            "category": "charity",
            "founded_on": str(timezone.localdate().replace(day=1)),
            "member_count": 15,
            "venue": f"{community.name}党群服务中心二楼",
            "leader_name": "刘桂兰",
            "leader_id_number": resident_id(serial),
            "leader_phone": "13911112222",
            "party_building": "none",
            "funding_sources": ["dues"],
            "domains": ["elderly", "volunteer"],
            "target_groups": ["elderly"],
        },
    )
    complete(application, people)
    return application


def change(people, organization):
    from django.utils import timezone

    from filing import services
    from filing.choices import ApplicationKind

    application = services.application_create(
        actor=people["street"],
        kind=ApplicationKind.CHANGE,
        organization=organization,
        contact_name="刘桂兰",
        contact_phone="13911112222",
        fact_date=timezone.localdate(),
        proposal={"venue": f"{organization.community.name}文化活动室", "member_count": 25},
    )
    complete(application, people)
    return application


class ResponseClock:
    """Notes when a response is complete: when the server enters its ``close()``."""

    def __init__(self) -> None:
        from django.http.response import HttpResponseBase

        self.closed_at = 0.0
        original = HttpResponseBase.close

        def close(response: HttpResponseBase) -> None:
            self.closed_at = time.perf_counter()
            original(response)

        HttpResponseBase.close = close


def approve(client, clock: ResponseClock, application) -> tuple[float, float]:
    """(seconds until the approval's response was complete, seconds of work after it)."""
    from django.urls import reverse

    started = time.perf_counter()
    response = client.post(
        reverse("application-action", args=[application.pk, "approve"]), {"confirmed": "yes"}
    )
    finished = time.perf_counter()
    assert response.status_code == 302, response.status_code
    return clock.closed_at - started, finished - clock.closed_at


def row(label: str, seconds: list[float], target: float | None) -> str:
    median = statistics.median(seconds)
    ratio = f"{median / target:5.2f}" if target else "    —"
    goal = f"≤ {target:.1f} s" if target else ""
    return f"{label:<44} {median:7.3f} s  {min(seconds):7.3f}  {max(seconds):7.3f}  {goal:>8}  {ratio}"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--db", type=Path, default=Path(tempfile.gettempdir()) / "ccso-bench-certificates.sqlite3"
    )
    parser.add_argument("--fonttools", action="store_true", help="subset fonts with fontTools, not HarfBuzz")
    options = parser.parse_args()
    setup(options.db)

    import weasyprint.pdf.fonts as weasy_fonts

    if options.fonttools:  # what a machine without libharfbuzz-subset0 gets
        weasy_fonts.harfbuzz_subset = None
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from filing.certificates import certificate_render
    from filing.models import Certificate
    from registry.models import User

    people = {
        "street": User.objects.unrestricted().get(username="street_a"),
        "community": User.objects.unrestricted().get(username="community_a"),
    }
    client = Client()
    client.force_login(people["street"])
    # A running server has loaded its URLs, views and templates before anyone approves anything.
    client.get(reverse("application-list"))
    clock = ResponseClock()
    results: dict[str, list[float]] = {}

    for serial in range(options.repeat):
        application = new_filing(people, serial)
        answered, after = approve(client, clock, application)
        results.setdefault("approve a new filing: response", []).append(answered)
        results.setdefault("  then the certificate, after the response", []).append(after)
        application.refresh_from_db()
        answered, after = approve(client, clock, change(people, application.organization))
        results.setdefault("approve a change: response", []).append(answered)
        results.setdefault("  then the new version, after the response", []).append(after)
        assert Certificate.objects.unrestricted().get(organization=application.organization).pdf_ready

    certificate = Certificate.objects.unrestricted().order_by("-pk").first()
    for _ in range(options.repeat):
        started = time.perf_counter()
        certificate_render(certificate_id=certificate.pk)
        results.setdefault("render a certificate (stored, recorded)", []).append(
            time.perf_counter() - started
        )

    print(f"\ndatabase {connection.vendor}, tasks eager, {options.repeat} runs each")
    subsetter = (
        "HarfBuzz" if weasy_fonts.harfbuzz_subset else "fontTools (slower: install libharfbuzz-subset0)"
    )
    print(f"font subsetting in PDFs: {subsetter}\n")
    print(f"{'':<44} {'median':>9}  {'min':>7}  {'max':>7}  {'target':>8}  ratio")
    targets = {"approve": APPROVAL_TARGET, "render": RENDER_TARGET, "  then": RENDER_TARGET}
    for label, seconds in results.items():
        target = next((value for prefix, value in targets.items() if label.startswith(prefix)), None)
        print(row(label, seconds, target))


if __name__ == "__main__":
    main()
