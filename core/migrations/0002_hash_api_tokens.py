"""API tokens issued before digests were kept are replaced by their digests: they keep working,
and the database no longer holds them in the clear."""

import hashlib

from django.db import migrations


def digest_tokens(apps, schema_editor):
    Token = apps.get_model("authtoken", "Token")
    for token in list(Token.objects.all()):
        digest = hashlib.blake2b(token.key.encode(), digest_size=20, person=b"api-token").hexdigest()
        Token.objects.filter(pk=token.key).delete()
        Token.objects.create(key=digest, user_id=token.user_id, created=token.created)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_trail"), ("authtoken", "0004_alter_tokenproxy_options")]

    operations = [migrations.RunPython(digest_tokens, migrations.RunPython.noop)]
