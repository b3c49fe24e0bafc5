"""The phone-friendly observation form."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from typing import Any

from django import forms

from outward.customers.models import Customer, CustomerAsset
from outward.fieldwork.choices import Urgency
from outward.fieldwork.services import MAX_TEXT


def new_client_key() -> str:
    """The key a rendered form carries, so submitting it twice stores one observation."""
    return secrets.token_urlsafe(24)


def customer_label(customer: Customer) -> str:
    where = ", ".join(p for p in (customer.region, customer.external_id) if p)
    return f"{customer.name} ({where})" if where else customer.name


def asset_label(asset: CustomerAsset) -> str:
    parts = [asset.product.name]
    if asset.batch:
        parts.append(f"lot {asset.batch.lot_code}")
    if asset.serial_number:
        parts.append(asset.serial_number)
    return " · ".join(parts)


class ObservationForm(forms.Form):
    client_key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    customer = forms.UUIDField(label="Customer", widget=forms.Select)
    asset = forms.UUIDField(label="Product at the site", required=False, widget=forms.Select)
    state = forms.CharField(
        label="What you saw",
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="The state of the customer's operation or equipment.",
    )
    suggestion = forms.CharField(
        label="How it could be better",
        max_length=MAX_TEXT,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    urgency = forms.ChoiceField(choices=Urgency.choices, initial=Urgency.NORMAL)
    photo = forms.FileField(
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/*", "capture": "environment"}),
        help_text="Optional. JPEG, PNG or WebP up to 10 MB; location data is removed.",
    )

    def __init__(
        self,
        *args: Any,
        customers: Sequence[Customer] = (),
        assets: Sequence[CustomerAsset] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        customer_field = self.fields["customer"]
        customer_field.widget.choices = [("", "— choose a customer —")] + [
            (str(c.pk), customer_label(c)) for c in customers
        ]
        self.fields["asset"].widget.choices = [("", "— none / not specific —")] + [
            (str(a.pk), asset_label(a)) for a in assets
        ]
