from django.urls import path

from fairwitness.requests import channel_views, policy_views, views

app_name = "requests"

urlpatterns = [
    path("requests/", views.request_list, name="list"),
    path("requests/new/", views.request_new, name="new"),
    path("requests/mine/", views.owner_history, name="mine"),
    path("requests/<int:request_id>/", views.request_detail, name="detail"),
    path("requests/<int:request_id>/approve/", views.request_approve, name="approve"),
    path("requests/<int:request_id>/close/", views.request_close, name="close"),
    path("requests/asked/<int:request_id>/", views.request_asked, name="asked"),
    path("grants/", views.grant_list, name="grants"),
    path("grants/<int:grant_id>/", views.grant_view, name="grant"),
    path("grants/<int:grant_id>/download/", views.grant_download, name="grant-download"),
    path("downloads/<int:download_id>/", views.download_status, name="download"),
    path("downloads/<int:download_id>/file", views.download_file, name="download-file"),
    path("grants/<int:grant_id>/extend/", channel_views.grant_extend, name="grant-extend"),
    path("legal/new/", channel_views.legal_new, name="legal-new"),
    path("emergency/new/", channel_views.emergency_new, name="emergency-new"),
    path(
        "emergency/<int:emergency_id>/attest/",
        channel_views.emergency_attest,
        name="emergency-attest",
    ),
    path("review/", channel_views.review_queue, name="review"),
    path("review/legal/<int:legal_id>/", channel_views.review_legal, name="review-legal"),
    path(
        "review/legal/<int:legal_id>/document",
        channel_views.review_legal_document,
        name="review-legal-document",
    ),
    path(
        "review/emergency/<int:emergency_id>/",
        channel_views.review_emergency,
        name="review-emergency",
    ),
    path("policy/versions/", policy_views.policy_version_list, name="policy-versions"),
    path(
        "policy/versions/<int:version_id>/decide/",
        policy_views.policy_version_decide,
        name="policy-version-decide",
    ),
]
