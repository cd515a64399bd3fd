"""Footage requests: where watermarked download copies are kept (never served as media)."""

from pathlib import Path

from config.env import env_str
from config.settings.base import DATA_DIR

REQUESTS_DOWNLOAD_DIR = Path(env_str("FAIRWITNESS_DOWNLOAD_DIR", str(DATA_DIR / "downloads")))
