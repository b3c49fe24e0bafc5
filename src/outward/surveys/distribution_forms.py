"""Forms of the distribution pages: the contact policy, choosing whom to send a survey to,
the search in the list of customers never heard from."""

from __future__ import annotations

from typing import Any

from django import forms

from outward.customers.models import Product, ProductBatch, Touchpoint
from outward.surveys.audience import HEARD_CHOICES, Criteria, parse_list
from outward.surveys.services.coverage import POLICY_LIMITS

MAX_LIST_BYTES = 5_000_000


class ContactPolicyForm(forms.Form):
    fatigue_days = forms.IntegerField(
        label="Fatigue period (days)",
        min_value=POLICY_LIMITS["fatigue_days"][0],
        max_value=POLICY_LIMITS["fatigue_days"][1],
        help_text="Nobody is invited more often than once in this many days, across all "
        "surveys and triggers. 0 turns the rule off.",
    )
    coverage_days = forms.IntegerField(
        label="Coverage period (days)",
        min_value=POLICY_LIMITS["coverage_days"][0],
        max_value=POLICY_LIMITS["coverage_days"][1],
        help_text="Every active customer who agreed to be contacted is invited to the "
        "relationship survey at least once in this many days. More than twice the fatigue "
        "period.",
    )
    token_valid_days = forms.IntegerField(
        label="Links valid for (days)",
        min_value=POLICY_LIMITS["token_valid_days"][0],
        max_value=POLICY_LIMITS["token_valid_days"][1],
        help_text="How long an invitation's link can be used to answer.",
    )


class BatchChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.product.name} · lot {obj.lot_code}"


class SendForm(forms.Form):
    """Whom to send a survey to now; every criterion narrows the choice."""

    segment = forms.ChoiceField(required=False, choices=[])
    region = forms.ChoiceField(required=False, choices=[])
    product = forms.ModelChoiceField(
        queryset=Product.objects.order_by("name"),
        required=False,
        empty_label="Any product",
        help_text="Customers who own it.",
    )
    batch = BatchChoice(
        queryset=ProductBatch.objects.select_related("product").order_by(
            "product__name", "lot_code"
        ),
        required=False,
        empty_label="Any batch",
        help_text="Customers who own one from this batch (a recall, a defect).",
    )
    touchpoint = forms.ModelChoiceField(
        queryset=Touchpoint.objects.order_by("name"),
        required=False,
        empty_label="Any touchpoint",
        help_text="Customers who told us about it.",
    )
    heard = forms.ChoiceField(
        required=False, choices=list(HEARD_CHOICES.items()), label="Last heard from"
    )
    never_invited = forms.BooleanField(required=False, label="Never invited to any survey")
    listed = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Only these customers",
        help_text="E-mail addresses or customer ids, one per line; or upload a file below.",
    )
    list_file = forms.FileField(
        required=False,
        label="Upload a list (CSV or text)",
        help_text="The first column: e-mail address or customer id.",
    )

    def __init__(self, *args: Any, segments: list[str], regions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = [("", "All segments"), *((s, s) for s in segments)]  # type: ignore[attr-defined]
        self.fields["region"].choices = [("", "All regions"), *((r, r) for r in regions)]  # type: ignore[attr-defined]

    def clean_list_file(self) -> str:
        """The uploaded list as text (it joins the pasted list)."""
        upload = self.cleaned_data.get("list_file")
        if not upload:
            return ""
        if upload.size > MAX_LIST_BYTES:
            raise forms.ValidationError(f"At most {MAX_LIST_BYTES // 1_000_000} MB.")
        try:
            return str(upload.read().decode("utf-8-sig"))
        except UnicodeDecodeError as error:
            raise forms.ValidationError("Save the list as UTF-8 text or CSV.") from error

    def criteria(self) -> Criteria:
        data = self.cleaned_data
        text = "\n".join(t for t in (data["listed"], data["list_file"]) if t)
        return Criteria(
            segment=data["segment"],
            region=data["region"],
            product_id=data["product"].pk if data["product"] else None,
            batch_id=data["batch"].pk if data["batch"] else None,
            touchpoint_id=data["touchpoint"].pk if data["touchpoint"] else None,
            heard=data["heard"],
            never_invited=data["never_invited"],
            listed=parse_list(text),
        )


class NeverHeardSearchForm(forms.Form):
    q = forms.CharField(
        required=False,
        max_length=200,
        label="Search by name",
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Name or e-mail"}),
    )
