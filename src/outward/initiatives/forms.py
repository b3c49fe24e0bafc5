"""Forms of the initiative pages."""

from __future__ import annotations

from typing import Any

from django import forms

from outward.accounts.models import User
from outward.core.permissions import Perm, role_permissions
from outward.core.roles import Role
from outward.customers.models import Customer, Product, ProductBatch, Touchpoint
from outward.feedback.choices import RootCause
from outward.initiatives.choices import InputKind, Metric
from outward.initiatives.models import Initiative
from outward.initiatives.services import MAX_DESIGNERS, Plan
from outward.insights.models import Theme
from outward.surveys.choices import Audience, SurveyStatus
from outward.surveys.models import Survey


def _customer_surveys() -> Any:
    return Survey.objects.filter(audience=Audience.CUSTOMERS, status=SurveyStatus.ACTIVE)


class PlanForm(forms.Form):
    title = forms.CharField(max_length=200)
    hypothesis = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        help_text="What will change for customers, and why it should help them.",
    )
    owner = forms.ModelChoiceField(queryset=User.objects.none(), required=False)
    budget = forms.DecimalField(min_value=0, max_digits=12, decimal_places=2, initial=0)
    themes = forms.ModelMultipleChoiceField(
        queryset=Theme.objects.none(),
        required=False,
        label="Issues",
        help_text="The customers who raised them before the change are the affected group.",
    )
    root_causes = forms.MultipleChoiceField(
        choices=RootCause.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    touchpoints = forms.ModelMultipleChoiceField(
        queryset=Touchpoint.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    segment = forms.CharField(max_length=50, required=False)
    product = forms.ModelChoiceField(queryset=Product.objects.none(), required=False)
    batch = forms.ModelChoiceField(queryset=ProductBatch.objects.none(), required=False)
    competitor = forms.CharField(
        max_length=100,
        required=False,
        help_text="To win back customers who name a competitor: its name.",
    )
    metric = forms.ChoiceField(choices=Metric.choices, help_text="The answers that prove it.")
    window_days = forms.IntegerField(min_value=14, max_value=365, initial=90, label="Days compared")
    resurvey = forms.ModelChoiceField(
        queryset=Survey.objects.none(),
        required=False,
        label="Re-survey with",
        help_text="After the change the affected customers, and as many others, are asked again.",
    )
    resurvey_after_days = forms.IntegerField(
        min_value=0, max_value=180, initial=14, label="Days after the change"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        querysets = {
            "owner": User.objects.filter(
                is_active=True,
                role__in=[r for r in Role if Perm.INITIATIVES_MANAGE in role_permissions(r)],
            ).order_by("last_name", "username"),
            "themes": Theme.objects.filter(merged_into__isnull=True, hidden=False).order_by(
                "name", "label"
            ),
            "touchpoints": Touchpoint.objects.order_by("position", "name"),
            "product": Product.objects.order_by("name"),
            "batch": ProductBatch.objects.select_related("product").order_by("lot_code"),
            "resurvey": _customer_surveys().order_by("name"),
        }
        for name, queryset in querysets.items():
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = queryset

    def plan(self) -> Plan:
        data = self.cleaned_data
        return Plan(
            title=data["title"],
            hypothesis=data["hypothesis"],
            owner=data["owner"],
            budget=data["budget"],
            themes=list(data["themes"]),
            root_causes=list(data["root_causes"]),
            touchpoints=list(data["touchpoints"]),
            segment=data["segment"],
            product=data["product"],
            batch=data["batch"],
            competitor=data["competitor"],
            metric=data["metric"],
            window_days=data["window_days"],
            resurvey=data["resurvey"],
            resurvey_after_days=data["resurvey_after_days"],
        )

    @classmethod
    def of(cls, initiative: Initiative) -> PlanForm:
        fields = ("title", "hypothesis", "owner", "budget", "root_causes", "segment",
                  "product", "batch", "competitor", "metric", "window_days", "resurvey",
                  "resurvey_after_days")  # fmt: skip
        initial = {name: getattr(initiative, name) for name in fields}
        initial["themes"] = list(initiative.themes.all())
        initial["touchpoints"] = list(initiative.touchpoints.all())
        return cls(initial=initial)


class DesignersForm(forms.Form):
    count = forms.IntegerField(min_value=1, max_value=MAX_DESIGNERS, initial=10)
    survey = forms.ModelChoiceField(
        queryset=Survey.objects.none(), required=False, label="Send them a design survey"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["survey"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = _customer_surveys().order_by("name")


class InputForm(forms.Form):
    kind = forms.ChoiceField(choices=InputKind.choices)
    customer = forms.ModelChoiceField(queryset=Customer.objects.none(), required=False)
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, *args: Any, initiative: Initiative, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["customer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Customer.objects.filter(
            pk__in=initiative.designers.values("customer_id")
        ).order_by("name")


class ChangeForm(forms.Form):
    change_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
