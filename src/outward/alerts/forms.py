"""Forms of the alerts pages: a rule, a webhook endpoint."""

from __future__ import annotations

from typing import Any

from django import forms

from outward.alerts.choices import AlertKind, EmailMode, WebhookFormat
from outward.alerts.models import WebhookEndpoint
from outward.alerts.services.rules import RuleSpec
from outward.customers.models import Product, Touchpoint
from outward.insights.models import Theme


class RuleForm(forms.Form):
    kind = forms.ChoiceField(choices=AlertKind.choices, label="Tell me about")
    threshold = forms.FloatField(required=False, label="Bar", help_text="Empty: the default.")
    window_days = forms.IntegerField(min_value=1, max_value=90, initial=7, label="Window (days)")
    theme = forms.ModelChoiceField(queryset=Theme.objects.none(), required=False)
    segment = forms.CharField(max_length=50, required=False)
    region = forms.CharField(max_length=50, required=False)
    touchpoint = forms.ModelChoiceField(queryset=Touchpoint.objects.none(), required=False)
    product = forms.ModelChoiceField(queryset=Product.objects.none(), required=False)
    email = forms.ChoiceField(
        choices=EmailMode.choices, initial=EmailMode.IMMEDIATE, label="E-mail"
    )
    endpoint = forms.ModelChoiceField(
        queryset=WebhookEndpoint.objects.none(), required=False, label="Also post to"
    )

    def __init__(self, *args: Any, may_post: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set("theme", Theme.objects.filter(hidden=False, merged_into__isnull=True))
        self._set("touchpoint", Touchpoint.objects.order_by("position", "name"))
        self._set("product", Product.objects.order_by("name"))
        if may_post:
            self._set("endpoint", WebhookEndpoint.objects.filter(is_active=True))
        else:
            del self.fields["endpoint"]

    def _set(self, name: str, queryset: Any) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = queryset

    def spec(self) -> RuleSpec:
        data = self.cleaned_data
        return RuleSpec(
            kind=data["kind"],
            email=data["email"],
            threshold=data["threshold"],
            window_days=data["window_days"],
            theme=data["theme"],
            segment=data["segment"],
            region=data["region"],
            touchpoint=data["touchpoint"],
            product=data["product"],
            endpoint=data.get("endpoint"),
        )


class EndpointForm(forms.Form):
    name = forms.CharField(max_length=80)
    url = forms.URLField(max_length=500, label="Webhook address", assume_scheme="https")
    format = forms.ChoiceField(choices=WebhookFormat.choices)
