"""Error codes of the registry's records, also used by the apps that check them (a filing names a
community, a complaint an active organization); the codes every app shares are in ``core.errors.Code``."""

from enum import StrEnum


class RegistryCode(StrEnum):
    NOT_A_COMMUNITY = "not_a_community"
    NOT_A_STREET = "not_a_street"
    DUPLICATE_NAME = "duplicate_name"
    NOT_ACTIVE = "not_active"
    ORGANIZATION_INACTIVE = "organization_inactive"
    FUTURE_DATE = "future_date"
