"""Celery. With no broker configured, jobs go through a folder: no server is needed."""

from config.env import env_bool, env_str
from config.settings.base import DATA_DIR

_broker = env_str("CELERY_BROKER_URL", "")
if _broker:
    CELERY_BROKER_URL = _broker
    CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", _broker)
    CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object] = {}
else:
    _queue = DATA_DIR / "jobs" / "queue"
    _results = DATA_DIR / "jobs" / "results"
    _control = DATA_DIR / "jobs" / "control"
    for _folder in (_queue, _results, _control):
        _folder.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_URL = "filesystem://"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue),
        "data_folder_out": str(_queue),
        "control_folder": str(_control),
        "store_processed": False,
    }
    CELERY_RESULT_BACKEND = f"file://{_results}"

CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "UTC"
