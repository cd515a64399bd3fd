from django.urls import URLPattern, URLResolver, path, register_converter

from fairwitness.audit import views

app_name = "audit"


class TilePathConverter:
    """Everything after ``log/tile/``; the view parses it strictly (tlog-tiles paths)."""

    regex = r"[0-9a-z./x]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TilePathConverter, "tilepath")

urlpatterns: list[URLPattern | URLResolver] = [
    path("log/", views.log_page, name="log"),
    path("log/mine/", views.owner_entries, name="mine"),
    path("log/mine/<int:entry_id>/proof", views.owner_entry_proof, name="mine-proof"),
    path("oversight/audit/", views.oversight_entries, name="oversight-entries"),
    path("log/checkpoint", views.log_checkpoint, name="checkpoint"),
    path("log/tile/<tilepath:tile_path>", views.log_tile, name="tile"),
]
