"""Back-office (Django admin) classes that write only through the apps' services.

`ServiceAdmin` saves an edited or added object by calling the app's create / update service
with the form's fields (so the admin cannot skip a rule the pages and the API enforce), and
deletes nothing. `ReadOnlyAdmin` shows a model that has no service to write it through.
A refusal from a service (a rule the form could not check) is shown on the page, and nothing
is saved.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from django.contrib import admin, messages
from django.db import models
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponseRedirect

from outward.core.errors import OutwardError


class ReadOnlyAdmin(admin.ModelAdmin):
    """View only: no add, change or delete."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ServiceAdmin(admin.ModelAdmin):
    """Add and change through `create_service(**fields)` and `update_service(obj, **changes)`;
    no delete (no service deletes these)."""

    create_service: ClassVar[Callable[..., models.Model]]
    update_service: ClassVar[Callable[..., models.Model]]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(
        self, request: HttpRequest, obj: models.Model, form: ModelForm, change: bool
    ) -> None:
        fields = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            if change:
                stored = type(self).update_service(obj, **fields)
            else:
                stored = type(self).create_service(**self.create_arguments(form))
        except OutwardError as error:
            details = "; ".join(f"{k}: {v}" for k, v in error.field_errors.items())
            self.message_user(
                request, f"Not saved: {error.message} {details}".strip(), messages.ERROR
            )
            raise _Refused from error
        obj.pk = stored.pk

    def create_arguments(self, form: ModelForm) -> dict[str, Any]:
        """What the create service is called with: the form's model fields."""
        columns = {f.name for f in form.instance._meta.concrete_fields}
        return {n: v for n, v in form.cleaned_data.items() if n in columns}

    def changeform_view(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().changeform_view(request, *args, **kwargs)
        except _Refused:
            return HttpResponseRedirect(request.get_full_path())


class _Refused(Exception):
    """A service refused the admin's save; the message is on its way to the user."""
