from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "outward.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from outward.core import audit, checks, maintenance  # noqa: F401 (registered on import)

        audit.connect_signals()
        _guard_back_office()


def _guard_back_office() -> None:
    """The back office opens to roles holding the back-office permission, nobody else."""
    from django.contrib import admin
    from django.http import HttpRequest

    from outward.core.permissions import Perm, user_has

    def has_permission(request: HttpRequest) -> bool:
        return user_has(request.user, Perm.BACKOFFICE)

    admin.site.has_permission = has_permission  # type: ignore[method-assign]
    admin.site.site_header = "Outward back office"
    admin.site.site_title = "Outward back office"
