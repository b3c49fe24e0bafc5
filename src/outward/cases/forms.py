"""Forms of the case pages."""

from __future__ import annotations

from typing import Any

from django import forms

from outward.accounts.models import Skill, Team, User
from outward.cases.choices import Priority as PriorityChoice
from outward.cases.choices import PromiseKind, RemedyKind, Resolution
from outward.core.roles import Role
from outward.surveys.choices import Audience, SurveyKind, SurveyStatus
from outward.surveys.models import Survey


def workers() -> Any:
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


class NewCaseForm(forms.Form):
    customer = forms.UUIDField(widget=forms.HiddenInput)
    title = forms.CharField(max_length=200)
    priority = forms.ChoiceField(choices=PriorityChoice.choices, initial=PriorityChoice.NORMAL)
    skills = forms.ModelMultipleChoiceField(
        queryset=Skill.objects.order_by("name"), required=False, label="Skills it needs"
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=10_000
    )


class AssignForm(forms.Form):
    assignee = forms.ModelChoiceField(
        queryset=User.objects.none(), required=False, label="Assign to"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = workers()


class PriorityForm(forms.Form):
    priority = forms.ChoiceField(choices=PriorityChoice.choices)


class NoteForm(forms.Form):
    text = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=10_000, label="Note"
    )


class NextStepForm(forms.Form):
    next_step = forms.CharField(max_length=300, required=False, label="Next step")
    due = forms.DateTimeField(
        required=False, widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), label="By"
    )


class EmailForm(forms.Form):
    subject = forms.CharField(max_length=200)
    body = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000)


class ResolveForm(forms.Form):
    resolution = forms.ChoiceField(choices=Resolution.choices)
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=10_000
    )


class CloseForm(forms.Form):
    survey = forms.ModelChoiceField(
        queryset=Survey.objects.none(),
        required=False,
        label="Ask the customer how it went",
        empty_label="No survey",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["survey"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Survey.objects.filter(
            audience=Audience.CUSTOMERS, kind=SurveyKind.TRANSACTIONAL, status=SurveyStatus.ACTIVE
        ).order_by("name")


class RemedyForm(forms.Form):
    kind = forms.ChoiceField(choices=RemedyKind.choices, label="Remedy")
    amount = forms.DecimalField(
        min_value=0, max_digits=12, decimal_places=2, help_text="Its value, in the site's currency."
    )
    note = forms.CharField(max_length=2000, required=False)


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        choices=[("1", "Approve"), ("0", "Reject")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(max_length=2000, required=False, label="Reason")


class PromiseForm(forms.Form):
    kind = forms.ChoiceField(choices=PromiseKind.choices)
    description = forms.CharField(max_length=300, label="What was promised")
    owner = forms.ModelChoiceField(queryset=User.objects.none())
    due_at = forms.DateTimeField(
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}), label="Due"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["owner"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = workers()


class SettleForm(forms.Form):
    note = forms.CharField(max_length=2000, required=False)


class PolicyRuleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    kind = forms.ChoiceField(choices=RemedyKind.choices, label="Remedy")
    per_case = forms.DecimalField(
        min_value=0, max_digits=12, decimal_places=2, label="Up to, per case"
    )
    per_customer = forms.DecimalField(
        min_value=0, max_digits=12, decimal_places=2, label="Up to, per customer"
    )
    period_days = forms.IntegerField(
        min_value=1, max_value=3650, initial=90, label="Per customer, over days"
    )
    approver_role = forms.ChoiceField(
        choices=Role.choices, initial=Role.MANAGER, label="Above it, decided by"
    )
    team = forms.ModelChoiceField(
        queryset=Team.objects.none(), required=False, label="Only in team"
    )
    skill = forms.ModelChoiceField(
        queryset=Skill.objects.order_by("name"), required=False, label="Only with skill"
    )
    min_level = forms.IntegerField(min_value=0, max_value=5, initial=0, label="At level")
    notify_only = forms.BooleanField(required=False, label="Above it: grant and notify")
    note = forms.CharField(max_length=300, required=False, label="Why the change")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["team"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Team.objects.order_by("name")


class BulkAssignForm(forms.Form):
    """Who takes the cases ticked in the list (the view reads and checks their ids)."""

    assignee = forms.ModelChoiceField(queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["assignee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = workers()


class SlaForm(forms.Form):
    priority = forms.ChoiceField(choices=PriorityChoice.choices)
    first_response_hours = forms.FloatField(
        min_value=0.25, max_value=1000, label="First response within (business hours)"
    )
    resolution_hours = forms.FloatField(
        min_value=0.25, max_value=10000, label="Resolution within (business hours)"
    )
