"""Core pages: the audit log and the health check."""

from django.urls import path

from outward.core import views

app_name = "core"

# The only URLs a visitor may open without a permission (their views carry no
# `required_permission`); every other page is checked by the permission-matrix test.
PUBLIC_URL_NAMES: frozenset[str] = frozenset(
    {
        "core:healthz",
        "accounts:login",
        "accounts:logout",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "respond:invitation",
        "respond:public",
        "respond:embed",
        "respond:opt_out",
        # The community is for customers: anyone reads what is public; members write (their
        # own session, from an e-mailed link); staff actions there declare permissions.
        "set_language",
        "community:index",
        "community:roadmap",
        "community:search",
        "community:sign_in",
        "community:redeem",
        "community:sign_out",
        "community:space",
        "community:new_post",
        "community:post",
        "community:comment",
        "community:attachment",
        "community:vote",
        "community:follow",
        "community:report",
        "community:accept",
    }
)

urlpatterns = [
    path("audit/", views.audit_log, name="audit"),
    path("healthz", views.healthz, name="healthz"),
]
