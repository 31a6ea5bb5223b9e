from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0002_invitation_token_hash")]

    operations = [
        migrations.RenameField("question", "help", "evidence"),
        migrations.AddField("question", "why", models.TextField(blank=True)),
        migrations.AddField("question", "improve", models.JSONField(blank=True, default=dict)),
        migrations.AddField("question", "references", models.JSONField(blank=True, default=list)),
        migrations.AddField("question", "mitigates", models.JSONField(blank=True, default=list)),
        migrations.AddField("question", "replaces", models.JSONField(blank=True, default=list)),
        migrations.AddField("kpi", "aka", models.JSONField(blank=True, default=list)),
        migrations.AddField(
            "kpi",
            "heuristic",
            models.TextField(blank=True, help_text="Set when no published source defines the bands: why these."),
        ),
        migrations.AlterField("kpi", "source", models.JSONField(help_text="The cited source: {id, title, url, year}.")),
        migrations.AddField("risk", "owner", models.CharField(blank=True, max_length=40)),
    ]
