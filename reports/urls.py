from django.urls import path

from . import views

urlpatterns = [
    path("compare/", views.compare, name="compare"),
    path("assessments/<id:assessment_id>/results/", views.results, name="results"),
    path("assessments/<id:assessment_id>/results.<str:fmt>", views.results_export, name="results_export"),
    path("assessments/<id:assessment_id>/roadmap.csv", views.roadmap_csv, name="roadmap_csv"),
    path("assessments/<id:assessment_id>/answers.csv", views.answers_csv, name="answers_csv"),
    path("assessments/<id:assessment_id>/reports/", views.report_list, name="report_list"),
    path("assessments/<id:assessment_id>/reports/new", views.report_create, name="report_create"),
    path("assessments/<id:assessment_id>/reports/review", views.report_review, name="report_review"),
    path("assessments/<id:assessment_id>/actions/", views.actions_list, name="actions_list"),
    path("assessments/<id:assessment_id>/actions/track", views.actions_start, name="actions_start"),
    path("assessments/<id:assessment_id>/actions-<str:shape>.csv", views.actions_csv, name="actions_csv"),
    path("actions/<id:action_id>", views.action_edit, name="action_edit"),
    path("reports/<id:report_id>/status", views.report_status, name="report_status"),
    path("reports/<id:report_id>/retry", views.report_retry_view, name="report_retry"),
    path("reports/<id:report_id>/download", views.report_download, name="report_download"),
]
