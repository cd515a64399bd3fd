from django.urls import path

from fairwitness.core import views

app_name = "core"

urlpatterns = [path("", views.landing, name="landing")]
