"""Database: SQLite in the data folder by default, anything dj-database-url reads when set."""

import dj_database_url

from config.env import env_str
from config.settings.base import DATA_DIR

_url = env_str("DATABASE_URL", "")
if _url:
    DATABASES = {"default": dj_database_url.parse(_url, conn_max_age=60, conn_health_checks=True)}
else:
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "fairwitness.sqlite3"),
            "OPTIONS": {
                # WAL lets the worker and the web server write without locking each other out.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
