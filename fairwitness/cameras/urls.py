from django.urls import path

from fairwitness.cameras import views

app_name = "cameras"

urlpatterns = [
    path("cameras/", views.camera_list, name="list"),
    path("cameras/new/", views.camera_register, name="register"),
    path("cameras/<int:camera_id>/", views.camera_detail, name="detail"),
    path("cameras/<int:camera_id>/pair/", views.camera_pair, name="pair"),
    path("cameras/<int:camera_id>/settings/", views.camera_settings, name="settings"),
    path(
        "cameras/<int:camera_id>/devices/<int:device_id>/revoke/",
        views.device_revoke,
        name="device-revoke",
    ),
]
