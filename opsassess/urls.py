from django.contrib import admin
from django.contrib.auth.views import LoginView
from django.urls import include, path

import opsassess.converters  # noqa: F401 - registers <id:…> before the apps' URLs use it
from assessments.forms import EmailAuthenticationForm
from assessments.views import catalogue, home
from opsassess.lockout import UnlockingPasswordResetConfirmView

urlpatterns = [
    path("", home.home, name="home"),
    path("catalogue/", home.catalogue, name="catalogue"),
    path("catalogue/upload/", catalogue.catalogue_upload_view, name="catalogue_upload"),
    path("healthz", home.healthz, name="healthz"),
    path("accounts/login/", LoginView.as_view(authentication_form=EmailAuthenticationForm), name="login"),
    path("accounts/reset/<uidb64>/<token>/", UnlockingPasswordResetConfirmView.as_view(),
         name="password_reset_confirm"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("assessments.urls")),  # the consultant and manager workspace
    path("", include("assessments.survey.urls")),  # respondents' personal links, /s/<token>/
    path("", include("reports.urls")),  # results, exports and PDF reports
]
