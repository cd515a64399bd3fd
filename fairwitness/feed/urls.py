from django.urls import path

from fairwitness.feed import views, views_clips, views_posting

app_name = "feed"

urlpatterns = [
    path("feed/", views.feed_home, name="home"),
    path("feed/location/", views.location_set, name="location"),
    path("feed/mine/", views.my_posts, name="mine"),
    path("feed/posts/new/", views_posting.post_new, name="new"),
    path("feed/posts/<int:post_id>/", views.post_detail, name="post"),
    path("feed/posts/<int:post_id>/compose/", views_posting.post_compose, name="compose"),
    path("feed/posts/<int:post_id>/comments/", views.comment_add, name="comment"),
    path("feed/posts/<int:post_id>/flag/", views.flag_add, name="flag"),
    path("feed/posts/<int:post_id>/appeal/", views.appeal_add, name="appeal"),
    path(
        "feed/posts/<int:post_id>/clips/<int:clip_id>/video",
        views_clips.post_clip_video,
        name="clip_video",
    ),
    path(
        "feed/posts/<int:post_id>/clips/<int:clip_id>/thumbnail",
        views_clips.post_clip_thumbnail,
        name="clip_thumbnail",
    ),
    path(
        "feed/posts/<int:post_id>/clips/<int:clip_id>/withdraw/",
        views_clips.post_clip_withdraw,
        name="clip_withdraw",
    ),
    path("feed/comments/<int:comment_id>/edit/", views.comment_edit, name="comment_edit"),
    path(
        "feed/comments/<int:comment_id>/appeal/",
        views.comment_appeal_add,
        name="comment_appeal",
    ),
]
