"""Forms of the review pages."""

from __future__ import annotations

from typing import Any

from django import forms

from outward.accounts.models import User
from outward.core.permissions import Perm, role_permissions
from outward.core.roles import Role
from outward.reviews.choices import Frequency, Metric

WEEKDAYS = [
    (0, "Monday"),
    (1, "Tuesday"),
    (2, "Wednesday"),
    (3, "Thursday"),
    (4, "Friday"),
    (5, "Saturday"),
    (6, "Sunday"),
]


def leaders() -> Any:
    """People who may see reviews: who can be invited to one, own a target or an action."""
    roles = [r for r in Role if Perm.REVIEWS_VIEW in role_permissions(r)]
    return User.objects.filter(is_active=True, role__in=roles).order_by("last_name", "username")


def people() -> Any:
    return User.objects.filter(is_active=True).order_by("last_name", "username")


class CadenceForm(forms.Form):
    frequency = forms.ChoiceField(choices=Frequency.choices)
    weekday = forms.TypedChoiceField(choices=WEEKDAYS, coerce=int, label="Day (weekly)")
    day_of_month = forms.IntegerField(min_value=1, max_value=28, label="Day of the month (monthly)")
    participants = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["participants"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = leaders()


class TargetForm(forms.Form):
    metric = forms.ChoiceField(choices=Metric.choices)
    target = forms.FloatField(min_value=-1e9, max_value=1e12)
    owner = forms.ModelChoiceField(queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = leaders()


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Who took part",
    )

    def __init__(self, *args: Any, invited: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["present"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        field.queryset = invited if invited is not None else leaders()


class DecisionForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, label="Decision"
    )


class ActionForm(forms.Form):
    title = forms.CharField(max_length=300, label="Action")
    owner = forms.ModelChoiceField(queryset=User.objects.none())
    due_on = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), label="Due")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people()


class DoneForm(forms.Form):
    outcome = forms.CharField(max_length=5000, required=False, label="What came of it")
