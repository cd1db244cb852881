"""Template filters that show reference codes and roles in the reader's language."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language_bidi

from welcomehub.accounts.roles import permission_label, role_label
from welcomehub.core import taxonomy

register = template.Library()


@register.filter
def code(value: str | None, vocabulary: str) -> str:
    return taxonomy.label(vocabulary, value) if value else ""


@register.filter
def codes(values: list[str] | None, vocabulary: str) -> str:
    # Arabic script has its own comma.
    separator = "، " if get_language_bidi() else ", "
    return separator.join(taxonomy.labels(vocabulary, values or []))


@register.filter
def role_name(role: Any) -> str:
    return role_label(role.code, role.name)


@register.filter
def permission_description(permission: Any) -> str:
    return permission_label(permission.code, permission.description)


@register.filter
def get_item(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key)
