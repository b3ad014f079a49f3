"""What a demo application is: the group it proposes, how far it has gone, who filed it.

``demo.filing.applications`` lists them, ``demo.filing.plan`` draws their made-up people and
proposals, ``demo.filing.workflow`` takes each to its state through the filing services.
"""

from __future__ import annotations

from dataclasses import dataclass

from filing.choices import ApplicationKind, ApplicationState

APPLICANT = "applicant_demo"
APPLICANT_NAME = "林佳怡"

# What a change application proposes.
CHANGE_LEADER = "leader"  # a new leader after an election (换届)
CHANGE_MEMBERS_VENUE = "members_venue"  # more members, a new venue


@dataclass(frozen=True)
class Group:
    """The group a new filing proposes."""

    name: str
    category: str
    domains: tuple[str, ...]
    targets: tuple[str, ...]
    venue: str


@dataclass(frozen=True)
class DemoApplication:
    """One demo application and how far it has gone.

    ``trail`` gives, for each step the application has taken (submit, then opinion or return or
    refusal, then the decision), how many working days ago it was taken; ``started`` when the
    draft was begun. Changes and deregistrations take the first suitable filed organization of
    the community (see ``demo.filing.workflow``).
    """

    contact: str  # the contact person; the leader of a new group, the new leader of a leader change
    male: bool
    kind: str
    community: str
    applicant: str  # username
    state: str
    started: int
    trail: tuple[int, ...] = ()
    group: Group | None = None
    change: str = ""
    venue: str = ""  # the new venue of a CHANGE_MEMBERS_VENUE change
    fact_days_ago: int = 0  # calendar days since the change or the dissolution
    materials: tuple[str, ...] | None = None  # None: every required one
    shared_venue: bool = False
    returned_by: str = ""  # Role.COMMUNITY or Role.STREET
    reason: str = ""  # of the return or the refusal

    @property
    def steps(self) -> tuple[str, ...]:
        return {
            ApplicationState.DRAFT: (),
            ApplicationState.SUBMITTED: ("submit",),
            ApplicationState.OPINION_GIVEN: ("submit", "opinion"),
            ApplicationState.APPROVED: ("submit", "opinion", "approve"),
            ApplicationState.RETURNED: ("submit", "return"),
            ApplicationState.REJECTED: ("submit", "reject"),
        }[self.state]


NEW, CHANGE, DEREGISTRATION = ApplicationKind.NEW, ApplicationKind.CHANGE, ApplicationKind.DEREGISTRATION
