"""The organisation page: the company's name in every e-mail, and who those e-mails come
from."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from outward.accounts.organisation import current, sender
from outward.accounts.services import save_organisation
from outward.core.errors import OutwardError
from outward.core.form_errors import apply_errors
from outward.core.permissions import Perm, requires


class OrganisationForm(forms.Form):
    name = forms.CharField(
        max_length=100, help_text="Customers see it in every e-mail: who is asking."
    )
    sender_name = forms.CharField(
        max_length=100, required=False, help_text="Shown as the sender; the name if empty."
    )
    sender_address = forms.EmailField(
        required=False, help_text="The address e-mails come from; the server's default if empty."
    )
    reply_to = forms.EmailField(required=False, help_text="Where replies go, if not the sender.")


@requires(Perm.ORGANISATION_MANAGE)
def organisation(request: HttpRequest) -> HttpResponse:
    found = current()
    if request.method == "POST":
        form = OrganisationForm(request.POST)
        if form.is_valid():
            try:
                save_organisation(**form.cleaned_data)
            except OutwardError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "Saved: e-mails now come from " + sender() + ".")
                return redirect("accounts:organisation")
        status = 400
    else:
        form = OrganisationForm(
            initial={
                "name": found.name,
                "sender_name": found.sender_name,
                "sender_address": found.sender_address,
                "reply_to": found.reply_to,
            }
        )
        status = 200
    context = {"form": form, "sender": sender(found)}
    return render(request, "accounts/organisation.html", context, status=status)
