"""Personal links are looked up by a digest of their token (see token_digest)."""

import hashlib

from django.db import migrations, models


def fill_digests(apps, schema_editor):
    Invitation = apps.get_model("assessments", "Invitation")
    batch = []
    for invitation in Invitation.objects.only("pk", "token").iterator(chunk_size=2000):
        invitation.token_hash = hashlib.sha256(invitation.token.encode()).hexdigest()
        batch.append(invitation)
        if len(batch) == 2000:
            Invitation.objects.bulk_update(batch, ["token_hash"])
            batch = []
    Invitation.objects.bulk_update(batch, ["token_hash"])


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="invitation", name="token_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
        migrations.RunPython(fill_digests, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="invitation", name="token_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
