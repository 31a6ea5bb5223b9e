from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.urls import reverse

from assessments.forms import parse_emails
from assessments.links import survey_url
from assessments.models import Assessment, AuditEvent, Invitation, Response
from assessments.services.invitations import MAX_ANONYMOUS_LINKS
from tests.builders import make_invitation


@pytest.fixture
def platform(org):
    return org.teams.get(name="Platform")


def _url(assessment, team) -> str:
    return reverse("team_invitations", args=[assessment.pk, team.pk])


def test_each_pasted_address_gets_its_own_link_by_email(as_user, owner, assessment, platform):
    response = as_user(owner).post(_url(assessment, platform), {
        "emails": "ana@acme.example\nBo Smith <bo@acme.example>, cy@acme.example;  ana@acme.example",
        "anonymous": "0", "role": "engineer",
    }, follow=True)
    invitations = Invitation.objects.filter(assessment=assessment, team=platform)
    assert sorted(invitations.values_list("email", flat=True)) == ["ana@acme.example", "bo@acme.example",
                                                                     "cy@acme.example"]
    assert all(i.sent_at and i.role == "engineer" for i in invitations)
    assert len(mail.outbox) == 3
    by_recipient = {m.to[0]: m for m in mail.outbox}
    for invitation in invitations:
        message = by_recipient[invitation.email]
        link = survey_url(invitation)
        assert link in message.body
        html, mimetype = message.alternatives[0]
        assert mimetype == "text/html" and link in html
        assert "Platform" in message.body and "Acme Corp" in message.subject
        assert "OpsAssess, on behalf of Acme Corp" in message.body  # the firm (the default one here)
    assert "3 invitations sent by email." in response.content.decode()


def test_the_invitation_is_signed_by_the_clients_consultancy(as_user, owner, assessment, platform):
    firm = assessment.organization.firm
    firm.display_name = "Rivergate & Partners"
    firm.save()
    as_user(owner).post(_url(assessment, platform), {"emails": "ana@acme.example", "anonymous": "0",
                                                     "role": "engineer"})
    (message,) = mail.outbox
    assert "Rivergate & Partners, on behalf of Acme Corp" in message.body
    assert "Rivergate &amp; Partners, on behalf of Acme Corp" in message.alternatives[0][0]


def test_invalid_addresses_are_named_and_nothing_is_sent_or_lost(as_user, owner, assessment, platform):
    pasted = "ana@acme.example\nnot-an-email\nbo@acme\ncy@acme.example"
    response = as_user(owner).post(_url(assessment, platform), {"emails": pasted, "anonymous": "3", "role": "lead"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Nothing was sent. These addresses are not valid: not-an-email, bo@acme." in page
    assert "Not valid: not-an-email, bo@acme." in page  # on the field itself
    assert "ana@acme.example\nnot-an-email\nbo@acme\ncy@acme.example</textarea>" in page  # the list is kept
    assert 'name="anonymous" value="3"' in page
    assert '<option value="lead" selected>' in page
    assert not Invitation.objects.exists()
    assert not mail.outbox


def test_anonymous_links_are_created_without_email_and_listed_with_a_copy_button(as_user, owner, assessment, platform):
    response = as_user(owner).post(_url(assessment, platform), {"emails": "", "anonymous": "4"}, follow=True)
    links = Invitation.objects.filter(team=platform, email="")
    assert links.count() == 4
    assert not mail.outbox
    page = response.content.decode()
    for invitation in links:
        assert survey_url(invitation) in page
    assert "data-copy-target" in page and "js/workspace.js" in page
    assert AuditEvent.objects.get(action=AuditEvent.Action.INVITED).detail == "4 anonymous links (Platform)"


def test_the_number_of_anonymous_links_is_capped(as_user, owner, assessment, platform):
    response = as_user(owner).post(_url(assessment, platform), {"emails": "", "anonymous": MAX_ANONYMOUS_LINKS + 1})
    assert response.status_code == 200
    assert f"less than or equal to {MAX_ANONYMOUS_LINKS}" in response.content.decode()
    assert not Invitation.objects.exists()


def test_an_empty_form_says_what_to_enter(as_user, owner, assessment, platform):
    response = as_user(owner).post(_url(assessment, platform), {"emails": " ", "anonymous": "0"})
    assert "Enter at least one email address or a number of anonymous links." in response.content.decode()


def test_an_address_already_invited_is_not_invited_twice(as_user, owner, assessment, platform):
    make_invitation(assessment, platform, email="ana@acme.example")
    response = as_user(owner).post(_url(assessment, platform), {"emails": "ANA@acme.example\nbo@acme.example"},
                                   follow=True)
    assert Invitation.objects.filter(email__iexact="ana@acme.example").count() == 1
    assert [m.to for m in mail.outbox] == [["bo@acme.example"]]
    assert "Already invited, so not sent again" in response.content.decode()


def test_invitations_wait_until_the_assessment_is_open(as_user, owner, draft, platform):
    client = as_user(owner)
    page = client.get(_url(draft, platform)).content.decode()
    assert "Invitations can be sent once the assessment is open" in page
    response = client.post(_url(draft, platform), {"emails": "ana@acme.example"})
    assert "Open the assessment before inviting people" in response.content.decode()
    assert not Invitation.objects.exists()


def test_a_team_outside_the_assessment_has_no_invitation_page(as_user, owner, assessment, org):
    assessment.teams.set([org.teams.get(name="Platform")])
    network = org.teams.get(name="Network")
    assert as_user(owner).get(_url(assessment, network)).status_code == 404


def test_resend_emails_the_same_link_again(as_user, owner, assessment, platform):
    invitation = make_invitation(assessment, platform, email="ana@acme.example")
    client = as_user(owner)
    client.post(reverse("invitation_resend", args=[invitation.pk]))
    client.post(reverse("invitation_resend", args=[invitation.pk]))
    assert len(mail.outbox) == 2
    assert mail.outbox[1].subject.startswith("Reminder: ")
    assert all(survey_url(invitation) in m.body for m in mail.outbox)
    invitation.refresh_from_db()
    assert invitation.sent_at is not None
    assert AuditEvent.objects.filter(action=AuditEvent.Action.RESENT, actor=owner).count() == 2


def test_resend_is_refused_for_anonymous_revoked_or_submitted_invitations(as_user, owner, assessment, platform):
    client = as_user(owner)
    anonymous = make_invitation(assessment, platform)
    revoked = make_invitation(assessment, platform, email="gone@acme.example")
    done = make_invitation(assessment, platform, email="done@acme.example")
    Response.objects.create(invitation=done, assessment=assessment, team=platform, status=Response.Status.SUBMITTED)
    client.post(reverse("invitation_revoke", args=[revoked.pk]))
    for invitation, message in ((anonymous, "Anonymous links have no address"), (revoked, "was revoked"),
                                (done, "has already submitted")):
        response = client.post(reverse("invitation_resend", args=[invitation.pk]), follow=True)
        assert message in response.content.decode()
    assert not mail.outbox


def test_revoke_marks_the_invitation_and_logs_it(as_user, owner, assessment, platform):
    invitation = make_invitation(assessment, platform, email="ana@acme.example")
    response = as_user(owner).post(reverse("invitation_revoke", args=[invitation.pk]), follow=True)
    invitation.refresh_from_db()
    assert invitation.is_revoked
    page = response.content.decode()
    assert "revoked: its link no longer works" in page
    assert survey_url(invitation) not in page  # a revoked link is not offered for copying
    event = AuditEvent.objects.get(action=AuditEvent.Action.REVOKED)
    assert event.actor == owner and "ana@acme.example" in event.detail


def test_revoking_frees_the_address_for_a_new_invitation(as_user, owner, assessment, platform):
    invitation = make_invitation(assessment, platform, email="ana@acme.example")
    client = as_user(owner)
    client.post(reverse("invitation_revoke", args=[invitation.pk]))
    client.post(_url(assessment, platform), {"emails": "ana@acme.example"})
    assert Invitation.objects.filter(email="ana@acme.example", revoked_at__isnull=True).count() == 1


def test_emails_and_invited_events_are_audited_per_address(as_user, owner, assessment, platform):
    as_user(owner).post(_url(assessment, platform), {"emails": "ana@acme.example, bo@acme.example"})
    details = set(AuditEvent.objects.filter(action=AuditEvent.Action.INVITED).values_list("detail", flat=True))
    assert details == {"ana@acme.example (Platform)", "bo@acme.example (Platform)"}


@pytest.mark.parametrize("persona", ["manager", "outsider"])
def test_managers_and_outsiders_cannot_see_or_send_invitations(as_user, request, assessment, platform, persona):
    user = request.getfixturevalue(persona)
    invitation = make_invitation(assessment, platform, email="ana@acme.example")
    client = as_user(user)
    assert client.get(_url(assessment, platform)).status_code == 404
    assert client.post(_url(assessment, platform), {"emails": "x@acme.example"}).status_code == 404
    assert client.post(reverse("invitation_resend", args=[invitation.pk])).status_code == 404
    assert client.post(reverse("invitation_revoke", args=[invitation.pk])).status_code == 404
    invitation.refresh_from_db()
    assert not invitation.is_revoked and not mail.outbox


def test_a_closed_assessment_offers_reopening_instead_of_inviting(as_user, owner, assessment, platform):
    assessment.status = Assessment.Status.CLOSED
    assessment.save()
    page = as_user(owner).get(_url(assessment, platform)).content.decode()
    assert "reopen it to invite more people" in page


@pytest.mark.parametrize(("text", "valid", "invalid"), [
    ("a@x.io b@x.io", ["a@x.io", "b@x.io"], []),
    ("Ann <a@x.io>; a@x.io", ["a@x.io"], []),
    ("a@x.io,, ,\n\nfoo", ["a@x.io"], ["foo"]),
    ("", [], []),
])
def test_parse_emails(text, valid, invalid):
    assert parse_emails(text) == (valid, invalid)


def test_the_invitation_page_does_not_query_per_invitation(as_user, owner, assessment, platform):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(owner)
    make_invitation(assessment, platform, email="one@acme.example")
    with CaptureQueriesContext(connection) as few:
        client.get(_url(assessment, platform))
    for i in range(20):
        make_invitation(assessment, platform, email=f"p{i}@acme.example")
    with CaptureQueriesContext(connection) as many:
        client.get(_url(assessment, platform))
    assert len(many) == len(few)


def test_the_emailed_link_opens_the_survey(as_user, owner, assessment, platform, client):
    as_user(owner).post(_url(assessment, platform), {"emails": "ana@acme.example"})
    invitation = Invitation.objects.get()
    client.logout()
    path = urlsplit(survey_url(invitation)).path
    assert client.get(path, follow=True).status_code == 200
    as_user(owner).post(reverse("invitation_revoke", args=[invitation.pk]))
    client.logout()
    assert client.get(path, follow=True).status_code != 200  # the survey refuses revoked links


def test_the_email_gives_the_same_time_estimate_as_the_survey(as_user, owner, assessment, platform):
    from assessments.survey.selectors import survey_plan

    as_user(owner).post(_url(assessment, platform), {"emails": "ana@acme.example", "anonymous": "0", "role": ""})
    minutes = survey_plan(assessment).minutes

    assert f"about {minutes} minutes" in mail.outbox[0].body
    assert f"about {minutes} minutes" in mail.outbox[0].alternatives[0][0]


@pytest.fixture
def with_a_worker(monkeypatch):
    """Tasks go to a queue (as with REDIS_URL and a worker); what is queued is recorded."""
    from assessments.tasks import send_invitation_emails
    from opsassess.celery import app

    queued: list[list[int]] = []
    eager, app.conf.task_always_eager = app.conf.task_always_eager, False
    monkeypatch.setattr(send_invitation_emails, "delay", lambda ids: queued.append(ids))
    yield queued
    app.conf.task_always_eager = eager


def _paste(count: int) -> str:
    return "\n".join(f"person{i}@acme.example" for i in range(count))


def test_a_large_batch_is_emailed_by_the_worker_once(as_user, owner, assessment, platform, with_a_worker):
    from assessments.tasks import send_invitation_emails

    response = as_user(owner).post(_url(assessment, platform), {"emails": _paste(25), "anonymous": "0", "role": ""},
                                   follow=True)

    assert "25 invitations are being emailed in the background" in response.content.decode()
    assert len(mail.outbox) == 0 and len(with_a_worker) == 1
    assert send_invitation_emails(with_a_worker[0]) == 0  # the worker runs the task: nothing failed
    assert len(mail.outbox) == 25
    assert not Invitation.objects.filter(assessment=assessment, sent_at__isnull=True).exclude(email="").exists()
    send_invitation_emails(with_a_worker[0])  # redelivered after a worker was lost
    assert len(mail.outbox) == 25, "nobody gets a second email"


def test_a_small_batch_is_emailed_at_once_even_with_a_worker(as_user, owner, assessment, platform, with_a_worker):
    as_user(owner).post(_url(assessment, platform), {"emails": _paste(3), "anonymous": "0", "role": ""})

    assert len(mail.outbox) == 3 and with_a_worker == []


def test_a_large_batch_is_emailed_at_once_when_the_queue_is_down(as_user, owner, assessment, platform, monkeypatch,
                                                                 with_a_worker):
    from kombu.exceptions import OperationalError

    from assessments.tasks import send_invitation_emails

    def broker_down(ids):
        raise OperationalError("Connection refused")

    monkeypatch.setattr(send_invitation_emails, "delay", broker_down)
    response = as_user(owner).post(_url(assessment, platform), {"emails": _paste(12), "anonymous": "0", "role": ""},
                                   follow=True)

    assert len(mail.outbox) == 12
    assert "12 invitations sent by email." in response.content.decode()


@pytest.mark.services
def test_a_live_worker_emails_a_large_batch(live_worker, as_user, owner, assessment, platform):
    import time

    as_user(owner).post(_url(assessment, platform), {"emails": _paste(12), "anonymous": "0", "role": ""})
    pending = Invitation.objects.filter(assessment=assessment, sent_at__isnull=True).exclude(email="")
    deadline = time.monotonic() + 60
    while pending.exists() and time.monotonic() < deadline:
        time.sleep(0.3)

    assert not pending.exists(), "the worker emailed every invitation"
    assert len(mail.outbox) == 0, "sent by the worker, not during the request"


def test_a_line_break_in_a_stored_name_never_reaches_an_email_header(as_user, owner, assessment, platform):
    """Names are checked at input now; one stored before must still not break the email."""
    Assessment.objects.filter(pk=assessment.pk).update(title="Ops\r\nBcc: victim@example.org")
    as_user(owner).post(_url(assessment, platform), {"emails": "ana@acme.example", "anonymous": "0"})
    (message,) = mail.outbox
    assert "\n" not in message.subject and "\r" not in message.subject
    assert message.subject == "Acme Corp: Ops Bcc: victim@example.org survey"
    assert message.recipients() == ["ana@acme.example"]
    assert Invitation.objects.get(email="ana@acme.example").sent_at is not None


def test_a_send_refused_by_the_mail_library_leaves_the_invitation_not_sent(as_user, owner, assessment, platform,
                                                                           monkeypatch):
    from django.core.mail import BadHeaderError, EmailMultiAlternatives

    def refuse(self, *args, **kwargs):
        raise BadHeaderError("Header values can't contain newlines")

    monkeypatch.setattr(EmailMultiAlternatives, "send", refuse)
    client = as_user(owner)
    response = client.post(_url(assessment, platform), {"emails": "ana@acme.example", "anonymous": "0"}, follow=True)
    assert response.status_code == 200
    invitation = Invitation.objects.get(email="ana@acme.example")
    assert invitation.sent_at is None
    # The consultant sees which one failed and why, with a retry that works once mail does.
    page = client.get(_url(assessment, platform)).content.decode()
    assert "Sending failed" in page and "BadHeaderError: Header values can&#x27;t contain newlines" in page
    assert ">Try again</button>" in page
    monkeypatch.undo()
    client.post(reverse("invitation_resend", args=[invitation.pk]))
    invitation.refresh_from_db()
    assert invitation.sent_at is not None and invitation.send_failed_at is None and invitation.send_error == ""
    assert "Sending failed" not in client.get(_url(assessment, platform)).content.decode()


@pytest.mark.parametrize("field", ["name", "sector"])
def test_an_organisation_name_with_a_line_break_is_a_form_error(as_user, owner, field):
    from assessments.forms import OrganizationForm
    from assessments.services.organizations import firm_of

    form = OrganizationForm(data={"name": "Acme", "sector": "", field: "Acme\nBcc: x@example.org"},
                            firm=firm_of(owner))
    assert not form.is_valid()
    assert form.errors[field] == ["Use one line of printable text: no line breaks, tabs or control characters."]


def test_anonymous_links_are_numbered_within_their_team(as_user, owner, assessment, platform, org):
    other = org.teams.exclude(pk=platform.pk).first()
    make_invitation(assessment, team=other)  # another team's link takes an id, not a number here
    as_user(owner).post(_url(assessment, platform), {"emails": "", "anonymous": "3"})
    page = as_user(owner).get(_url(assessment, platform)).content.decode()
    assert all(f"Anonymous link {n}" in page for n in (1, 2, 3))
    assert "Anonymous link 4" not in page and "#" + str(Invitation.objects.latest("pk").pk) not in page


def test_revoking_an_anonymous_link_names_it_by_its_number_in_the_team(as_user, owner, assessment, platform, org):
    other = org.teams.exclude(pk=platform.pk).first()
    make_invitation(assessment, team=other)
    as_user(owner).post(_url(assessment, platform), {"emails": "", "anonymous": "3"})
    second = Invitation.objects.filter(team=platform, email="").order_by("created_at", "pk")[1]
    page = as_user(owner).post(reverse("invitation_revoke", args=[second.pk]), follow=True).content.decode()
    assert "Anonymous link 2 revoked: its link no longer works." in page
    detail = AuditEvent.objects.filter(action=AuditEvent.Action.REVOKED).latest("at").detail
    assert detail == f"Anonymous link 2 ({platform})" and f"#{second.pk}" not in page
