"""Access gates for programmes: partners of a programme see it; nobody else learns it exists."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from welcomehub.accounts.models import Organisation
from welcomehub.accounts.permissions import has_perm, is_platform_wide, organisations_with
from welcomehub.programmes.models import Programme


def programmes_for(user: Any, permission: str = "programme.view") -> QuerySet[Programme]:
    if is_platform_wide(user, permission):
        return Programme.objects.all()
    org_ids = organisations_with(user, permission)
    return Programme.objects.filter(
        Q(lead_id__in=org_ids) | Q(partners__organisation_id__in=org_ids)
    ).distinct()


def access_programme(
    *, user: Any, programme_id: int, permission: str = "programme.view"
) -> Programme:
    programme = Programme.objects.select_related("area", "lead").filter(pk=programme_id).first()
    if programme is None:
        raise Http404
    if not user.is_authenticated:
        raise Http404
    if not programmes_for(user, "programme.view").filter(pk=programme.pk).exists():
        raise Http404
    if permission == "programme.manage" and not has_perm(user, permission, programme.lead_id):
        raise Http404
    return programme


def access_organisation(*, user: Any, organisation_id: int, permission: str) -> Organisation:
    organisation = Organisation.objects.filter(pk=organisation_id).first()
    if organisation is None:
        raise Http404
    if not user.is_authenticated:
        raise Http404
    if not has_perm(user, permission, organisation.pk):
        raise Http404
    return organisation
