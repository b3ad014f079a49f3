import django.db.models.deletion
from django.db import migrations, models

import filing.models.duties


class Migration(migrations.Migration):
    dependencies = [
        ("filing", "0004_certificate_renderer"),
        ("registry", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="announcement", old_name="street", new_name="region"),
        migrations.AlterField(
            model_name="announcement",
            name="region",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="registry.region",
                verbose_name="发布机关",
            ),
        ),
        migrations.AlterField(
            model_name="announcement",
            name="kind",
            field=models.CharField(
                choices=[
                    ("revocation", "取消备案公告"),
                    ("deregistration", "注销备案公告"),
                    ("notice", "通知公告"),
                    ("policy", "政策文件"),
                    ("registration_ended", "注销登记公告"),
                    ("registration_revoked", "撤销登记公告"),
                ],
                max_length=24,
                verbose_name="公告类型",
            ),
        ),
        migrations.AddField(
            model_name="announcement",
            name="attachment",
            field=models.FileField(
                blank=True, upload_to=filing.models.duties.attachment_upload_path, verbose_name="附件"
            ),
        ),
        migrations.AddField(
            model_name="announcement",
            name="attachment_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="附件名称"),
        ),
    ]
