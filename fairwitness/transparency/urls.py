from django.urls import path

from fairwitness.transparency import views

app_name = "transparency"

urlpatterns = [
    path("policy/", views.policy_page, name="policy"),
    path("transparency/", views.transparency_page, name="report"),
    path("transparency/report.csv", views.transparency_csv, name="report-csv"),
    path("transparency/report.json", views.transparency_json, name="report-json"),
]
