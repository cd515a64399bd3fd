from django.urls import path

from fairwitness.moderation import views

app_name = "moderation"

urlpatterns = [
    path("moderation/", views.queue, name="queue"),
    path("moderation/posts/<int:post_id>/", views.post_decide, name="post"),
    path("moderation/comments/<int:comment_id>/", views.comment_decide, name="comment"),
    path("moderation/appeals/<int:appeal_id>/", views.appeal_decide, name="appeal"),
]
