"""Model fields whose values are encrypted at rest; they cannot be filtered on."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from welcomehub.core import crypto


class EncryptedTextField(models.TextField):
    """Text stored as a Fernet token; blank values stay empty strings."""

    encrypted = True

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))


class EncryptedDateField(models.Field):
    """A date stored as an encrypted ISO string."""

    _pyi_private_set_type: datetime.date | str | None
    _pyi_private_get_type: datetime.date | None
    encrypted = True

    def get_internal_type(self) -> str:
        return "TextField"

    def from_db_value(
        self, value: str | None, expression: Any, connection: Any
    ) -> datetime.date | None:
        if not value:
            return None
        return datetime.date.fromisoformat(crypto.decrypt(value))

    def to_python(self, value: Any) -> datetime.date | None:
        if value in (None, ""):
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError as exc:
            raise ValidationError(
                _("Enter a valid date (YYYY-MM-DD)."), code="invalid_date"
            ) from exc

    def get_prep_value(self, value: Any) -> str | None:
        value = self.to_python(value)
        if value is None:
            return None
        return crypto.encrypt(value.isoformat())

    def formfield(self, **kwargs: Any) -> Any:
        from django import forms

        return forms.DateField(required=not self.blank, **kwargs)


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every concrete model with encrypted fields, for key rotation."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        names = [f.attname for f in model._meta.concrete_fields if getattr(f, "encrypted", False)]
        if names:
            found.append((model, names))
    return found
