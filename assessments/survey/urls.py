"""Respondents' personal links. Everything lives under /s/<token>/: the rate limit
middleware keys on that token (opsassess/ratelimit.py)."""

from django.urls import path

from . import views

app_name = "survey"
urlpatterns = [
    path("s/<str:token>/", views.start, name="start"),
    path("s/<str:token>/p/<id:number>/", views.page, name="page"),
    path("s/<str:token>/save/", views.autosave, name="autosave"),
    path("s/<str:token>/review/", views.review, name="review"),
    path("s/<str:token>/submit/", views.submit, name="submit"),
    path("s/<str:token>/logo.png", views.logo, name="logo"),
    path("s/<str:token>/reminders/", views.reminders_off, name="reminders_off"),
]
