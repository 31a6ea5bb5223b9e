"""The consultant and manager workspace. Every view scopes its objects through
assessments.access, so an id of another organisation is a 404."""

from django.urls import path

from .views import assessments, invitations, observations, organizations

urlpatterns = [
    # Client organisations, their teams and manager accounts
    path("organizations/new/", organizations.organization_create_view, name="organization_create"),
    path("organizations/<int:org_id>/", organizations.organization_detail, name="organization_detail"),
    path("organizations/<int:org_id>/edit/", organizations.organization_edit, name="organization_edit"),
    path("organizations/<int:org_id>/audit/", organizations.organization_audit, name="organization_audit"),
    path("organizations/<int:org_id>/teams/new/", organizations.team_create_view, name="team_create"),
    path("teams/<int:team_id>/edit/", organizations.team_edit, name="team_edit"),
    path("organizations/<int:org_id>/managers/new/", organizations.manager_add_view, name="manager_add"),
    path("managers/<int:membership_id>/resend", organizations.manager_resend, name="manager_resend"),
    path("managers/<int:membership_id>/remove", organizations.manager_remove_view, name="manager_remove"),
    # Assessments
    path("organizations/<int:org_id>/assessments/new/", assessments.assessment_create_view, name="assessment_create"),
    path("assessments/<int:assessment_id>/", assessments.assessment_detail, name="assessment_detail"),
    path("assessments/<int:assessment_id>/edit/", assessments.assessment_edit, name="assessment_edit"),
    path("assessments/<int:assessment_id>/targets/", assessments.assessment_targets, name="assessment_targets"),
    path("assessments/<int:assessment_id>/open", assessments.assessment_open_view, name="assessment_open"),
    path("assessments/<int:assessment_id>/close", assessments.assessment_close_view, name="assessment_close"),
    path("assessments/<int:assessment_id>/clone", assessments.assessment_clone_view, name="assessment_clone"),
    path("assessments/<int:assessment_id>/progress.json", assessments.assessment_progress_json,
         name="assessment_progress"),
    path("assessments/<int:assessment_id>/audit/", assessments.assessment_audit, name="assessment_audit"),
    # Invitations
    path("assessments/<int:assessment_id>/teams/<int:team_id>/invitations/", invitations.team_invitations_view,
         name="team_invitations"),
    path("invitations/<int:invitation_id>/resend", invitations.invitation_resend_view, name="invitation_resend"),
    path("invitations/<int:invitation_id>/revoke", invitations.invitation_revoke_view, name="invitation_revoke"),
    # Observations
    path("assessments/<int:assessment_id>/observations/new/", observations.observation_create_view,
         name="observation_create"),
    path("observations/<int:observation_id>/edit/", observations.observation_edit, name="observation_edit"),
    path("observations/<int:observation_id>/delete", observations.observation_delete_view,
         name="observation_delete"),
]
