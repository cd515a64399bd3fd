from django.urls import path

from fairwitness.feed import views, views_posting

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
]
