import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

DEFAULT_FIRM = "OpsAssess"


def existing_data_into_the_default_firm(apps, schema_editor):
    """Every existing client joins the default firm, and so does every consultant."""
    Firm = apps.get_model("assessments", "Firm")
    FirmMember = apps.get_model("assessments", "FirmMember")
    Membership = apps.get_model("assessments", "Membership")
    Organization = apps.get_model("assessments", "Organization")
    firm, _ = Firm.objects.get_or_create(name=DEFAULT_FIRM)
    Organization.objects.filter(firm__isnull=True).update(firm=firm)
    # order_by(): the default ordering would make DISTINCT keep one row per (user, organisation).
    consultants = Membership.objects.filter(role="consultant").order_by().values_list("user_id", flat=True).distinct()
    FirmMember.objects.bulk_create([FirmMember(user_id=user_id, firm=firm) for user_id in consultants])


class Migration(migrations.Migration):

    dependencies = [
        ("assessments", "0008_questionnaire_revision"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Firm",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=120, unique=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={"ordering": ["name"]},
        ),
        migrations.CreateModel(
            name="FirmMember",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("firm", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="members",
                                           to="assessments.firm")),
                ("user", models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name="firm_member",
                                              to=settings.AUTH_USER_MODEL)),
            ],
        ),
        migrations.AddField(
            model_name="organization",
            name="firm",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="organizations", to="assessments.firm"),
        ),
        migrations.RunPython(existing_data_into_the_default_firm, migrations.RunPython.noop),
    ]
