from django.contrib import admin
from django.urls import include, path

from assessments.views import home

urlpatterns = [
    path("", home.home, name="home"),
    path("catalogue/", home.catalogue, name="catalogue"),
    path("healthz", home.healthz, name="healthz"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
]
