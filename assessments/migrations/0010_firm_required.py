import django.db.models.deletion
import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    """Every client now has a firm (0009); names become unique within a firm only."""

    dependencies = [("assessments", "0009_firms")]

    operations = [
        migrations.AlterField(
            model_name="organization",
            name="firm",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="organizations",
                                    to="assessments.firm"),
        ),
        migrations.AlterField(model_name="organization", name="name", field=models.CharField(max_length=120)),
        migrations.AddConstraint(
            model_name="organization",
            constraint=models.UniqueConstraint(django.db.models.functions.text.Lower("name"), models.F("firm"),
                                               name="organization_name_per_firm"),
        ),
    ]
