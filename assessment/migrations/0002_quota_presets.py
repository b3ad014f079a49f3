from django.db import migrations


def install(apps, schema_editor):
    from assessment.presets import install_presets

    install_presets(apps.get_model("assessment", "QuotaPolicy"), apps.get_model("assessment", "QuotaRule"))


class Migration(migrations.Migration):
    dependencies = [("assessment", "0001_quota_policies_and_reports")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
