"""The applications' own trail becomes part of the platform's one trail (core.Event), with each
application's subject, region and organization; the last return for correction is kept on the
application itself (when and why), which the workbench and the public status page read."""

from django.db import migrations, models


def carry_over(apps, schema_editor):
    ApplicationEvent = apps.get_model("filing", "ApplicationEvent")
    FilingApplication = apps.get_model("filing", "FilingApplication")
    Event = apps.get_model("core", "Event")
    kinds = {"new": "新设备案", "change": "变更备案", "deregistration": "注销备案"}
    batch = []
    rows = ApplicationEvent.objects.select_related("application").order_by("id")
    for row in rows.iterator(chunk_size=2000):
        application = row.application
        label = f"{kinds.get(application.kind, application.kind)} {application.receipt_number or ''}".strip()
        batch.append(
            Event(
                occurred_at=row.occurred_at,
                actor_id=row.actor_id,
                actor_label=row.actor_label,
                action=f"filing.{row.action}",
                subject_type="filing.filingapplication",
                subject_id=str(application.pk),
                subject_label=label,
                region_code=application.community_id,
                organization_id=application.organization_id,
                from_state=row.from_state,
                to_state=row.to_state,
                reason=row.reason,
                ip_address=row.ip_address,
                details={},
            )
        )
        if len(batch) >= 2000:
            Event.objects.bulk_create(batch)
            batch = []
    Event.objects.bulk_create(batch)
    for application in FilingApplication.objects.filter(state="returned"):
        last = ApplicationEvent.objects.filter(application=application, to_state="returned").order_by("-occurred_at", "-id").first()
        if last is not None:
            FilingApplication.objects.filter(pk=application.pk).update(
                returned_at=last.occurred_at, return_reason=last.reason
            )


class Migration(migrations.Migration):
    dependencies = [
        ("filing", "0002_street_duties"),
        ("core", "0001_trail"),
        ("registry", "0008_trail_moves_to_core"),
    ]

    operations = [
        migrations.AddField(
            model_name="filingapplication",
            name="return_reason",
            field=models.TextField(blank=True, verbose_name="退回补正意见"),
        ),
        migrations.AddField(
            model_name="filingapplication",
            name="returned_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="退回时间"),
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.DeleteModel(name="ApplicationEvent"),
    ]
