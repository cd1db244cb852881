from django.urls import include, path
from django.views.i18n import set_language

from welcomehub.api import api

urlpatterns = [
    path("", include("welcomehub.core.urls")),
    path("accounts/", include("welcomehub.accounts.urls")),
    path("programmes/", include("welcomehub.programmes.urls")),
    path("services/", include("welcomehub.programmes.urls_services")),
    path("referrals/", include("welcomehub.programmes.urls_referrals")),
    path("", include("welcomehub.people.urls")),
    path("exchange/", include("welcomehub.exchange.urls")),
    path("outcomes/", include("welcomehub.outcomes.urls")),
    path("placement/", include("welcomehub.placement.urls")),
    path("evaluation/", include("welcomehub.evaluation.urls")),
    path("feedback/", include("welcomehub.feedback.urls")),
    path("connections/", include("welcomehub.connections.urls")),
    path("sponsorship/", include("welcomehub.sponsorship.urls")),
    path("community/", include("welcomehub.community.urls")),
    path("api/", api.urls),
    path("i18n/setlang/", set_language, name="set_language"),
]
