"""Evidence files: kept under the data directory (never under static or media URLs) and
served only by the access-gated view.

Accepted: PDF, PNG, JPEG, GIF, WebP and office documents (OOXML, OpenDocument, legacy
Office), at most MAX_BYTES. The extension must match the file's first bytes, so a script
renamed to .pdf is refused. Stored names are random; the original name is only shown.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# extension → (content type, accepted leading bytes)
TYPES: dict[str, tuple[str, tuple[bytes, ...]]] = {
    ".pdf": ("application/pdf", (b"%PDF-",)),
    ".png": ("image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".gif": ("image/gif", (b"GIF87a", b"GIF89a")),
    ".webp": ("image/webp", (b"RIFF",)),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (_ZIP,),
    ),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (_ZIP,)),
    ".pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        (_ZIP,),
    ),
    ".odt": ("application/vnd.oasis.opendocument.text", (_ZIP,)),
    ".ods": ("application/vnd.oasis.opendocument.spreadsheet", (_ZIP,)),
    ".odp": ("application/vnd.oasis.opendocument.presentation", (_ZIP,)),
    ".doc": ("application/msword", (_OLE,)),
    ".xls": ("application/vnd.ms-excel", (_OLE,)),
    ".ppt": ("application/vnd.ms-powerpoint", (_OLE,)),
}


def directory() -> Path:
    configured = getattr(settings, "WELCOMEHUB_EVIDENCE_DIR", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "evaluation-evidence"


def clean_name(filename: str) -> str:
    name = Path(filename.replace("\\", "/")).name
    name = re.sub(r"[^\w.\- ]", "_", name).strip() or "evidence"
    return name[-150:]


def check(filename: str, content: bytes) -> str:
    """The content type of an acceptable file, or ValidationError."""
    extension = Path(filename).suffix.lower()
    if extension not in TYPES:
        raise ValidationError(
            _("Accepted files: PDF, images (PNG, JPEG, GIF, WebP) and office documents.")
        )
    if not content:
        raise ValidationError(_("The file is empty."))
    if len(content) > MAX_BYTES:
        raise ValidationError(
            _("The file is larger than %(size)d MB.") % {"size": MAX_BYTES // 1024 // 1024}
        )
    content_type, signatures = TYPES[extension]
    if not any(content.startswith(signature) for signature in signatures):
        raise ValidationError(_("The file's content does not match its type."))
    return content_type


def save(content: bytes, filename: str) -> str:
    folder = directory()
    folder.mkdir(parents=True, exist_ok=True)
    stored = secrets.token_hex(16) + Path(filename).suffix.lower()
    (folder / stored).write_bytes(content)
    return stored


def path_of(stored_name: str) -> Path:
    path = directory() / Path(stored_name).name
    return path


def delete(stored_name: str) -> None:
    path_of(stored_name).unlink(missing_ok=True)
