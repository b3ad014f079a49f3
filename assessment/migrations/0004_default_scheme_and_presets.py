from django.db import migrations


def install(apps, schema_editor):
    from assessment.evaluation.schemes import install_default_scheme
    from assessment.presets import install_presets

    install_default_scheme(apps.get_model("assessment", "EvaluationScheme"))
    install_presets(apps.get_model("assessment", "QuotaPolicy"), apps.get_model("assessment", "QuotaRule"))


class Migration(migrations.Migration):
    dependencies = [("assessment", "0003_evaluation_brands_projects_trainings")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
