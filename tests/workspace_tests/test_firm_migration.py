"""Upgrading an install that has clients and consultants: every client and every consultant
ends in the default firm, a consultant of several clients included (the first version of
this migration failed on exactly that), and client names become unique per firm."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("assessments", "0008_questionnaire_revision")]
AFTER = [("assessments", "0010_firm_required")]


@pytest.fixture
def executor(transactional_db):
    executor = MigrationExecutor(connection)
    yield executor
    executor = MigrationExecutor(connection)  # leave the database fully migrated for the next test
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_existing_clients_and_consultants_move_into_the_default_firm(executor):
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    User = old.get_model("auth", "User")
    Organization, Membership = old.get_model("assessments", "Organization"), old.get_model("assessments", "Membership")
    consultant = User.objects.create(username="c@example.com", email="c@example.com")
    manager = User.objects.create(username="m@example.com", email="m@example.com")
    clients = [Organization.objects.create(name=name) for name in ("Acme", "Globex")]
    for client in clients:  # one consultant of two clients
        Membership.objects.create(user=consultant, organization=client, role="consultant")
    Membership.objects.create(user=manager, organization=clients[0], role="manager")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    new = executor.loader.project_state(AFTER).apps
    Firm, FirmMember = new.get_model("assessments", "Firm"), new.get_model("assessments", "FirmMember")
    Organization = new.get_model("assessments", "Organization")
    (firm,) = Firm.objects.all()
    assert firm.name == "OpsAssess"
    assert set(Organization.objects.values_list("name", "firm_id")) == {("Acme", firm.pk), ("Globex", firm.pk)}
    assert list(FirmMember.objects.values_list("user_id", "firm_id")) == [(consultant.pk, firm.pk)]
    other = Firm.objects.create(name="Rival Consulting")
    Organization.objects.create(name="ACME", firm=other)  # the same name in another firm is fine
    with pytest.raises(IntegrityError), transaction.atomic():
        Organization.objects.create(name="acme", firm=firm)
