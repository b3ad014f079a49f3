"""Error codes of the registry's records, also used by the apps that check them (a filing names a
community, a complaint an active organization); the codes every app shares are in ``core.errors.Code``."""

from enum import StrEnum


class RegistryCode(StrEnum):
    CODE = "code"
    NOT_A_COMMUNITY = "not_a_community"
    NOT_A_STREET = "not_a_street"
    DUPLICATE_NAME = "duplicate_name"
    NOT_ACTIVE = "not_active"
    ORGANIZATION_INACTIVE = "organization_inactive"
    FUTURE_DATE = "future_date"
    AUTHORITY = "authority"
    BIRTH_DATE = "birth_date"
    CHARACTERS = "characters"
    CHECKSUM = "checksum"
    CODE_FIXED = "code_fixed"
    DIVISION = "division"
    FEDERATION_EXISTS = "federation_exists"
    HUB_AS_MEMBER = "hub_as_member"
    INVALID_HUB = "invalid_hub"
    LENGTH = "length"
    MEMBER_INACTIVE = "member_inactive"
    MEMBER_OUTSIDE_STREET = "member_outside_street"
    MOBILE = "mobile"
    PASSWORD_MISMATCH = "password_mismatch"
    TIER_NOT_ALLOWED = "tier_not_allowed"
    USERNAME_TAKEN = "username_taken"
    REGION_REQUIRED = "region_required"
    REGION_LEVEL = "region_level"
    ORGANIZATION_NOT_ALLOWED = "organization_not_allowed"
    ORGANIZATION_REQUIRED = "organization_required"
    REGION_MISMATCH = "region_mismatch"
    DUPLICATE_CREDIT_CODE = "duplicate_credit_code"
    SIGNIN_LOCKED = "signin_locked"
    SIGNIN_FAILED = "signin_failed"
    CREDIT_CODE_TIER = "credit_code_tier"


class LedgerCode(StrEnum):
    """Why a row of an uploaded ledger cannot be imported as it stands (or what a person should check)."""

    UNKNOWN_COMMUNITY = "unknown_community"
    AMBIGUOUS_COMMUNITY = "ambiguous_community"
    UNKNOWN_CHOICE = "unknown_choice"
    NOT_A_NUMBER = "not_a_number"
    NOT_A_DATE = "not_a_date"
    FORMULA = "formula"
    MASKED = "masked"
    DUPLICATE_IN_FILE = "duplicate_in_file"
    NEAR_DUPLICATE = "near_duplicate"
