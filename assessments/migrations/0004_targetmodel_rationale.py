from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("assessments", "0003_catalogue_guidance")]

    operations = [
        migrations.AddField(
            "targetmodel",
            "rationale",
            models.TextField(blank=True, help_text="Why these levels: printed in the report's methodology."),
        ),
    ]
