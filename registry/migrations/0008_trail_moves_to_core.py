"""The registry's audit trail becomes the platform's one trail (core.Event).

Every audit row is carried over with a subject: the case it recorded (a complaint, an event report,
by the id its details kept), else the organization, else the region. Rows of filing steps are left
out: filing's own migration carries those from the applications' trail, which recorded the same
steps (each step used to be written twice)."""

from django.db import migrations

RENAMED = {
    "complaint.investigating": "complaint.investigate",
    "complaint.closed": "complaint.close",
    "event_report.acknowledged": "event_report.acknowledge",
}


def _subject(row):
    details = row.details or {}
    for key, label in (("complaint", "filing.complaint"), ("event_report", "filing.eventreport")):
        if key in details:
            return label, str(details[key])
    if row.organization_id:
        return "registry.organization", str(row.organization_id)
    return "registry.region", row.region_id


def _action(row):
    if row.action == "event_report.submitted" and row.from_state == "more_info":
        return "event_report.resubmit"
    return RENAMED.get(row.action, row.action)


def carry_over(apps, schema_editor):
    AuditEvent = apps.get_model("registry", "AuditEvent")
    Event = apps.get_model("core", "Event")
    batch = []
    for row in AuditEvent.objects.exclude(action__startswith="filing.").order_by("id").iterator(chunk_size=2000):
        subject_type, subject_id = _subject(row)
        batch.append(
            Event(
                occurred_at=row.occurred_at,
                actor_id=row.actor_id,
                actor_label=row.actor_label,
                action=_action(row),
                subject_type=subject_type,
                subject_id=subject_id,
                subject_label=row.subject,
                region_code=row.region_id,
                organization_id=row.organization_id,
                from_state=row.from_state,
                to_state=row.to_state,
                reason=row.reason,
                ip_address=row.ip_address,
                details=row.details,
            )
        )
        if len(batch) >= 2000:
            Event.objects.bulk_create(batch)
            batch = []
    Event.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0007_user_manager_kept_out_of_migrations"),
        ("core", "0001_trail"),
    ]

    operations = [
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.DeleteModel(name="AuditEvent"),
    ]
