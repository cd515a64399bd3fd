from django.urls import path

from fairwitness.cameras import views

app_name = "cameras"

urlpatterns = [path("cameras/new/", views.camera_register, name="register")]
