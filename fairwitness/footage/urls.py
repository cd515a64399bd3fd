from django.urls import path

from fairwitness.footage import views

app_name = "footage"

urlpatterns = [
    path("clips/", views.clip_list, name="list"),
    path("clips/export/", views.clip_export, name="export"),
    path("clips/<int:clip_id>/", views.clip_detail, name="detail"),
    path("clips/<int:clip_id>/video", views.clip_video, name="video"),
    path("clips/<int:clip_id>/thumbnail", views.clip_thumbnail, name="thumbnail"),
    path("clips/<int:clip_id>/download", views.clip_download, name="download"),
    path("clips/<int:clip_id>/delete/", views.clip_delete, name="delete"),
]
