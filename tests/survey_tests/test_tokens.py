"""Personal links: long random tokens, found by digest, compared in constant time."""

import pytest

from assessments.models import Invitation
from assessments.models.assessments import token_digest
from tests.builders import make_invitation


@pytest.fixture
def invitation(catalogue, org):
    from tests.builders import make_assessment

    return make_invitation(make_assessment(org))


def test_tokens_carry_at_least_128_bits(invitation):
    # token_urlsafe: 6 bits per character, no padding
    assert len(invitation.token) * 6 >= 128
    assert invitation.token != make_invitation(invitation.assessment).token


def test_a_link_is_found_by_the_digest_of_its_token(invitation):
    assert invitation.token_hash == token_digest(invitation.token)
    assert Invitation.objects.for_token(invitation.token) == invitation


def test_a_near_miss_finds_nothing(invitation, client):
    near = invitation.token[:-1] + ("A" if invitation.token[-1] != "A" else "B")

    assert Invitation.objects.for_token(near) is None
    assert Invitation.objects.for_token("") is None
    assert client.get(f"/s/{near}/").status_code == 404


def test_links_made_in_bulk_get_their_digest_too(invitation):
    team = invitation.team
    made = Invitation.objects.bulk_create(Invitation(assessment=invitation.assessment, team=team) for _ in range(3))

    for made_one in made:
        assert Invitation.objects.for_token(made_one.token).pk == made_one.pk
