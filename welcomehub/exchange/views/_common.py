"""Helpers shared by the exchange views."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest


def service_error(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))
