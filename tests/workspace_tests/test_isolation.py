"""Tenant isolation, checked on every URL of the project rather than view by view.

The test walks the whole URL tree (including what other apps add later), fills each
path parameter with the id of an object that belongs to *another* organisation, and
requests it as a consultant and a manager of `org`, and anonymously. A logged-in user
must get 404 (never 403: ids cannot be probed); an anonymous visitor a redirect to
the login page or 404. Each view is tried with GET and POST, so POST-only actions are
covered too (405 is accepted only for the method a view does not take).

A new path parameter must be added to INT_PARAMETERS or STR_PARAMETERS below: the
test fails on a name it does not know, so a new view cannot slip through unchecked.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.urls import get_resolver, reverse
from django.urls.converters import IntConverter, StringConverter
from django.urls.resolvers import RegexPattern, URLPattern, URLResolver

from assessments.models import Answer, AuditEvent, Invitation, Membership, Observation, Response
from opsassess.converters import IdConverter
from reports.models import Report, TrackedAction
from tests.builders import make_assessment, make_invitation

# Not tenant-scoped by id, so not walked here; each is covered elsewhere.
SKIPPED_PREFIXES = (
    "admin/",  # Django admin: superusers only, behind its own staff login
    "accounts/",  # login, logout, password change and reset: no organisation's objects
    "static/",  # static files
    "media/",  # uploaded files, never served by Django in production
    "s/",  # respondents' survey links by secret token: public by design, see the survey tests
)

# Path parameter name -> the kind of object it names (a key of the `objects` fixture).
INT_PARAMETERS = {
    "org_id": "organization",
    "organization_id": "organization",
    "team_id": "team",
    "assessment_id": "assessment",
    "invitation_id": "invitation",
    "observation_id": "observation",
    "report_id": "report",
    "membership_id": "membership",
    "action_id": "action",
    "answer_id": "answer",
}
# `pk` says nothing about the model, so the URL name's first word decides.
PK_BY_URL_NAME_PREFIX = {
    "organization": "organization",
    "team": "team",
    "assessment": "assessment",
    "invitation": "invitation",
    "observation": "observation",
    "report": "report",
    "manager": "membership",
}
# Non-id parameters get a valid value, so the request reaches the permission check.
STR_PARAMETERS = {"fmt": "csv", "shape": "jira"}


@dataclass(frozen=True)
class Route:
    route: str  # e.g. "assessments/<int:assessment_id>/results/"
    name: str
    converters: dict

    def url(self, values: dict[str, object]) -> str:
        return "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), self.route)


def _walk(patterns: list, prefix: str = "", names: str = "") -> Iterator[Route]:
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if route.startswith(SKIPPED_PREFIXES):
            continue
        if isinstance(pattern.pattern, RegexPattern) and pattern.pattern.regex.groups:
            pytest.fail(f"{route!r}: use path() converters, so this test can fill the parameters")
        if isinstance(pattern, URLResolver):
            namespace = f"{names}{pattern.namespace}:" if pattern.namespace else names
            yield from _walk(pattern.url_patterns, route, namespace)
        elif isinstance(pattern, URLPattern):
            converters = dict(getattr(pattern.pattern, "converters", {}))
            for part in re.findall(r"<(?:\w+:)?(\w+)>", route):
                converters.setdefault(part, StringConverter())
            yield Route(route=route, name=names + (pattern.name or ""), converters=converters)


def _object_kind(route: Route, parameter: str) -> str:
    if parameter == "pk":
        for prefix, kind in PK_BY_URL_NAME_PREFIX.items():
            if route.name.split(":")[-1].startswith(prefix):
                return kind
        pytest.fail(f"{route.route} ({route.name}): cannot tell which model `pk` names; "
                    "use a parameter name such as assessment_id or add the URL name to PK_BY_URL_NAME_PREFIX")
    if parameter not in INT_PARAMETERS:
        pytest.fail(f"{route.route} ({route.name}): unknown id parameter {parameter!r}; "
                    "add it to INT_PARAMETERS with the object of the other organisation it names")
    return INT_PARAMETERS[parameter]


def _values(route: Route, objects: dict[str, object]) -> dict[str, object]:
    values: dict[str, object] = {}
    for parameter, converter in route.converters.items():
        if isinstance(converter, IntConverter | IdConverter):
            values[parameter] = objects[_object_kind(route, parameter)].pk
        elif parameter in STR_PARAMETERS:
            values[parameter] = STR_PARAMETERS[parameter]
        else:
            pytest.fail(f"{route.route} ({route.name}): unknown parameter {parameter!r}; "
                        "add it to STR_PARAMETERS (or skip the prefix, with a reason)")
    return values


def _routes_with_parameters() -> list[Route]:
    return [r for r in _walk(get_resolver().url_patterns) if r.converters]


def _commented_answer(assessment, team) -> Answer:
    """A submitted answer with a comment: what the comment pages show and share."""
    invitation = make_invitation(assessment, team, email=f"commenter@{assessment.organization_id}.example")
    response = Response.objects.create(invitation=invitation, assessment=assessment, team=team, role="engineer",
                                       status=Response.Status.SUBMITTED)
    question = assessment.disciplines.first().areas.first().questions.first()
    return Answer.objects.create(response=response, question=question, kind=Answer.Kind.LEVEL, level=2,
                                 comment="confidential")


def _objects_of(organization, *, manager) -> dict[str, object]:
    """One object of every kind, all belonging to `organization`."""
    assessment = make_assessment(organization, title=f"{organization} confidential")
    team = organization.teams.first()
    return {
        "organization": organization,
        "team": team,
        "assessment": assessment,
        "invitation": make_invitation(assessment, team, email=f"person@{organization.pk}.example"),
        "observation": Observation.objects.create(
            assessment=assessment, area_key="sysops.backup_recovery", text="confidential",
            visibility=Observation.Visibility.CLIENT,
        ),
        "report": Report.objects.create(assessment=assessment, version=1),
        "membership": Membership.objects.get(user=manager, organization=organization),
        "answer": _commented_answer(assessment, team),
        "action": TrackedAction.objects.create(assessment=assessment, ref="A1", area_key="sysops.backup_recovery",
                                               area_name="Backup and recovery", discipline_name="SysOps",
                                               phase="now", horizon="First 90 days", text="confidential"),
    }


@pytest.fixture
def theirs(catalogue, other_org, outsider, outsider_manager) -> dict[str, object]:
    return _objects_of(other_org, manager=outsider_manager)


@pytest.fixture
def ours(catalogue, org, owner, manager) -> dict[str, object]:
    return _objects_of(org, manager=manager)


def _responses(client, url: str) -> dict[str, object]:
    return {"GET": client.get(url), "POST": client.post(url)}


def _assert_not_found(responses: dict[str, object], url: str, who: str) -> None:
    codes = {method: r.status_code for method, r in responses.items()}
    assert 404 in codes.values() and set(codes.values()) <= {404, 405}, f"{who} {url}: {codes}"


def _assert_login_or_not_found(responses: dict[str, object], url: str) -> None:
    login = reverse(settings.LOGIN_URL)
    ok = []
    for method, r in responses.items():
        if r.status_code == 302:
            assert r["Location"].startswith(login), f"anonymous {method} {url} redirects to {r['Location']}"
        else:
            assert r.status_code in (404, 405), f"anonymous {method} {url}: {r.status_code}"
        ok.append(r.status_code in (302, 404))
    assert any(ok), f"anonymous {url}: only 405s"


def test_the_walk_finds_the_workspace_and_reports_urls():
    names = {r.name for r in _routes_with_parameters()}
    assert {"organization_detail", "assessment_detail", "team_invitations", "invitation_revoke",
            "observation_edit", "manager_remove"} <= names


def test_no_url_of_another_organisation_is_reachable(client, theirs, ours, owner, manager):
    routes = _routes_with_parameters()
    audit_before = AuditEvent.objects.filter(organization=theirs["organization"]).count()
    for route in routes:
        url = route.url(_values(route, theirs))
        for user, who in ((owner, "consultant"), (manager, "manager")):
            client.force_login(user)
            _assert_not_found(_responses(client, url), url, who)
        client.logout()
        _assert_login_or_not_found(_responses(client, url), url)
    # Nothing of theirs changed on the way.
    assert AuditEvent.objects.filter(organization=theirs["organization"]).count() == audit_before
    assert not Invitation.objects.get(pk=theirs["invitation"].pk).is_revoked
    assert Observation.objects.filter(pk=theirs["observation"].pk).exists()
    assert Membership.objects.filter(pk=theirs["membership"].pk).exists()
    assert Report.objects.filter(assessment=theirs["assessment"]).count() == 1
    assert Answer.objects.get(pk=theirs["answer"].pk).shared_at is None


def test_mixing_one_foreign_id_into_our_own_urls_is_a_404(client, theirs, ours, owner):
    """`/assessments/<ours>/teams/<theirs>/…`: every id is checked, not just the first."""
    client.force_login(owner)
    mixed = [r for r in _routes_with_parameters()
             if sum(isinstance(c, IntConverter | IdConverter) for c in r.converters.values()) > 1]
    assert mixed, "expected at least one URL with two ids (team invitations)"
    for route in mixed:
        for parameter, converter in route.converters.items():
            if not isinstance(converter, IntConverter | IdConverter):
                continue
            values = _values(route, ours)
            values[parameter] = _values(route, theirs)[parameter]
            url = route.url(values)
            _assert_not_found(_responses(client, url), url, "consultant")
