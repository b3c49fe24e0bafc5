"""The site's URLs: pages, the JSON API under /api/v1/, and the back office."""

from django.contrib import admin
from django.urls import include, path

from outward.config.api import api

urlpatterns = [
    path("", include("outward.web.urls")),
    path("", include("outward.core.urls")),
    path("accounts/", include("outward.accounts.urls")),
    path("customers/", include("outward.customers.urls")),
    path("surveys/", include("outward.surveys.urls")),
    path("s/", include("outward.surveys.public_urls")),
    path("pulse/", include("outward.pulse.urls")),
    path("field/", include("outward.fieldwork.urls")),
    path("imports/", include("outward.imports.urls")),
    path("issues/", include("outward.insights.urls")),
    path("alerts/", include("outward.alerts.urls")),
    path("cases/", include("outward.cases.urls")),
    path("reviews/", include("outward.reviews.urls")),
    path("initiatives/", include("outward.initiatives.urls")),
    path("checkins/", include("outward.checkins.urls")),
    path("programme/", include("outward.programme.urls")),
    path("community/", include("outward.community.urls")),
    # Django's set_language: the community's language switcher posts here.
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("backoffice/", admin.site.urls),
]
