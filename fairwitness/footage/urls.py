from django.urls import URLPattern, URLResolver

app_name = "footage"

urlpatterns: list[URLPattern | URLResolver] = []
