"""Every write of the registry goes through these functions.

Each one checks the actor's right to act inside their jurisdiction, validates, writes and
appends an audit event in one transaction. Views, serializers, forms, admin actions and tasks
call them; nothing else writes.
"""

from .accounts import applicant_register, organization_account_provision
from .networks import (
    SOCIAL_WORKER_FIELDS,
    federation_create,
    federation_update,
    social_worker_create,
    social_worker_update,
)
from .notifications import (
    NotificationDraft,
    notices_send,
    notification_mark_read,
    notification_send,
    notifications_deliver,
    notifications_mark_all_read,
    notifications_send_many,
)
from .organizations import (
    EDITABLE_FIELDS,
    M2M_FIELDS,
    PERSONAL_FIELDS,
    check_placement,
    editable_tier_choices,
    organization_create,
    organization_end,
    organization_file,
    organization_personal_data,
    organization_update,
    record_charter_download,
)
from .passwords import (
    RESET_LINK_INVALID,
    account_open,
    account_reset_password,
    password_change,
    password_reset_confirm,
    password_reset_request,
    reset_link_account,
)
from .regions import REGION_FIELDS, region_update
from .users import (
    ACCOUNT_FIELDS,
    ACCOUNT_M2M_FIELDS,
    user_create,
    user_deactivate,
    user_reactivate,
    user_set_password,
    user_update,
)
from .vocabularies import VOCABULARY_FIELDS, vocabulary_save

__all__ = [
    "ACCOUNT_FIELDS",
    "ACCOUNT_M2M_FIELDS",
    "EDITABLE_FIELDS",
    "M2M_FIELDS",
    "PERSONAL_FIELDS",
    "REGION_FIELDS",
    "RESET_LINK_INVALID",
    "SOCIAL_WORKER_FIELDS",
    "VOCABULARY_FIELDS",
    "NotificationDraft",
    "account_open",
    "account_reset_password",
    "applicant_register",
    "check_placement",
    "editable_tier_choices",
    "federation_create",
    "federation_update",
    "notices_send",
    "notification_mark_read",
    "notification_send",
    "notifications_deliver",
    "notifications_mark_all_read",
    "notifications_send_many",
    "organization_account_provision",
    "organization_create",
    "organization_end",
    "organization_file",
    "organization_personal_data",
    "organization_update",
    "password_change",
    "password_reset_confirm",
    "password_reset_request",
    "record_charter_download",
    "region_update",
    "reset_link_account",
    "social_worker_create",
    "social_worker_update",
    "user_create",
    "user_deactivate",
    "user_reactivate",
    "user_set_password",
    "user_update",
    "vocabulary_save",
]
