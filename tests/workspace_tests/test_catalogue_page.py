"""The catalogue page: what a consultant reads before choosing disciplines and targets."""

from django.urls import reverse
from django.utils.html import escape

from assessments.models import Question


def test_the_catalogue_shows_each_questions_guidance_to_a_consultant(as_user, owner, catalogue):
    page = as_user(owner).get(reverse("catalogue")).content.decode()
    question = Question.objects.filter(area__discipline__version=catalogue).exclude(why="").first()
    action = question.improve["1"][0]
    assert escape(question.why) in page
    assert "From level 1 to 2:" in page and "From level 4 to 5:" in page
    assert f"({action['owner']}, effort {action['effort']})" in page
    assert "Thresholds are a practitioner heuristic" in page  # and KPI provenance
    assert "(owner: " in page  # risk owners


def test_a_manager_does_not_see_the_catalogue(as_user, manager, catalogue):
    assert as_user(manager).get(reverse("catalogue")).status_code == 404
