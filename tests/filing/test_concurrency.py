"""Filing numbers stay unique and gapless when a street approves many applications at once."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from filing import services
from filing.choices import ApplicationKind
from filing.models import Certificate, FilingApplication
from tests.filing.conftest import advance, attach_required, new_proposal

APPLICATIONS = 12
THREADS_PER_APPLICATION = 2


@pytest.mark.django_db(transaction=True)
def test_it_numbers_concurrent_approvals_consecutively_with_one_success_each(vocabularies, personas, tree):
    if connection.vendor != "postgresql":
        pytest.skip("row locks are exercised on PostgreSQL")
    ids = []
    for index in range(APPLICATIONS):
        application = services.application_create(
            actor=personas["street_a"],
            kind=ApplicationKind.NEW,
            community=tree.community_a,
            contact_name="张三",
            contact_phone="13911112222",
            proposal=new_proposal(f"幸福里社区第{index}合唱队"),
        )
        attach_required(personas["street_a"], application)
        ids.append(advance(personas, application, "opinion_given").pk)

    barrier = threading.Barrier(APPLICATIONS * THREADS_PER_APPLICATION)
    outcomes: list[tuple[int, str]] = []
    lock = threading.Lock()

    def approve(application_id: int) -> None:
        try:
            barrier.wait()
            services.application_approve(actor=personas["street_a"], application_id=application_id)
            result = "approved"
        except ValidationError as error:
            result = error.error_list[0].code
        except Exception as error:  # a duplicate number or a deadlock must show up as an outcome
            result = type(error).__name__
        finally:
            connection.close()
        with lock:
            outcomes.append((application_id, result))

    threads = [
        threading.Thread(target=approve, args=(pk,)) for pk in ids for _ in range(THREADS_PER_APPLICATION)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert len(outcomes) == APPLICATIONS * THREADS_PER_APPLICATION
    for pk in ids:
        results = sorted(result for application_id, result in outcomes if application_id == pk)
        assert results == ["approved", "invalid_transition"], pk
    year = timezone.localdate().year
    numbers = sorted(Certificate.objects.unrestricted().values_list("filing_number", flat=True))
    assert numbers == [f"990101001-{year}-{n:04d}" for n in range(1, APPLICATIONS + 1)]
    assert FilingApplication.objects.unrestricted().filter(state="approved").count() == APPLICATIONS
