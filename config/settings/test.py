"""Test settings: the base settings with fast hashing and tasks run in-process."""

import tempfile
from pathlib import Path

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="welcomehub-static-"))
WELCOMEHUB_FIELD_KEYS_FILE = Path(tempfile.mkdtemp(prefix="welcomehub-keys-")) / "field_keys"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
AXES_FAILURE_LIMIT = 3
# The lexical matcher: tests need not load the multilingual embedder.
WELCOMEHUB_EXCHANGE_ENCODER = "lexical"
