"""The consultant and manager workspace. Every view scopes its objects through
assessments.access, so an id of another organisation is a 404."""

from django.urls import path

from .views import assessments, comments, firm, invitations, observations, organizations

urlpatterns = [
    # The consultant's firm
    path("firm/", firm.firm_settings, name="firm_settings"),
    path("firm/logo.png", firm.firm_logo, name="firm_logo"),
    # Client organisations, their teams and manager accounts
    path("organizations/new/", organizations.organization_create_view, name="organization_create"),
    path("organizations/<id:org_id>/", organizations.organization_detail, name="organization_detail"),
    path("organizations/<id:org_id>/edit/", organizations.organization_edit, name="organization_edit"),
    path("organizations/<id:org_id>/audit/", organizations.organization_audit, name="organization_audit"),
    path("organizations/<id:org_id>/teams/new/", organizations.team_create_view, name="team_create"),
    path("teams/<id:team_id>/edit/", organizations.team_edit, name="team_edit"),
    path("organizations/<id:org_id>/managers/new/", organizations.manager_add_view, name="manager_add"),
    path("managers/<id:membership_id>/resend", organizations.manager_resend, name="manager_resend"),
    path("managers/<id:membership_id>/remove", organizations.manager_remove_view, name="manager_remove"),
    # Assessments
    path("organizations/<id:org_id>/assessments/new/", assessments.assessment_create_view, name="assessment_create"),
    path("assessments/<id:assessment_id>/", assessments.assessment_detail, name="assessment_detail"),
    path("assessments/<id:assessment_id>/edit/", assessments.assessment_edit, name="assessment_edit"),
    path("assessments/<id:assessment_id>/targets/", assessments.assessment_targets, name="assessment_targets"),
    path("assessments/<id:assessment_id>/open", assessments.assessment_open_view, name="assessment_open"),
    path("assessments/<id:assessment_id>/close", assessments.assessment_close_view, name="assessment_close"),
    path("assessments/<id:assessment_id>/clone", assessments.assessment_clone_view, name="assessment_clone"),
    path("assessments/<id:assessment_id>/progress.json", assessments.assessment_progress_json,
         name="assessment_progress"),
    path("assessments/<id:assessment_id>/audit/", assessments.assessment_audit, name="assessment_audit"),
    # Invitations
    path("assessments/<id:assessment_id>/teams/<id:team_id>/invitations/", invitations.team_invitations_view,
         name="team_invitations"),
    path("assessments/<id:assessment_id>/remind", invitations.reminders_send_view, name="reminders_send"),
    path("invitations/<id:invitation_id>/resend", invitations.invitation_resend_view, name="invitation_resend"),
    path("invitations/<id:invitation_id>/revoke", invitations.invitation_revoke_view, name="invitation_revoke"),
    # Respondents' comments
    path("assessments/<id:assessment_id>/comments/", comments.comments_view, name="assessment_comments"),
    path("comments/<id:answer_id>/share", comments.comment_share_view, name="comment_share"),
    # Observations
    path("assessments/<id:assessment_id>/observations/new/", observations.observation_create_view,
         name="observation_create"),
    path("observations/<id:observation_id>/edit/", observations.observation_edit, name="observation_edit"),
    path("observations/<id:observation_id>/delete", observations.observation_delete_view,
         name="observation_delete"),
]
