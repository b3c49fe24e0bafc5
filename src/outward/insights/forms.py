"""Forms of the insight pages: theme edits, rule themes, recall decisions."""

from __future__ import annotations

from typing import Any

from django import forms

from outward.accounts.models import User
from outward.core.permissions import Perm, role_permissions
from outward.core.roles import Role
from outward.insights.choices import RecallDecision
from outward.insights.models import Theme


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


class RenameForm(forms.Form):
    name = forms.CharField(max_length=120, required=False, help_text="Empty: the engine's label.")


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(queryset=Theme.objects.none(), label="Merge into")

    def __init__(self, *args: Any, targets: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        into = self.fields["into"]
        assert isinstance(into, forms.ModelChoiceField)
        into.queryset = targets if targets is not None else Theme.objects.none()


class SplitForm(forms.Form):
    phrases = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One key phrase per line: this theme's items that use one move to a new theme.",
    )
    name = forms.CharField(max_length=120, required=False)

    def phrase_list(self) -> list[str]:
        return _lines(self.cleaned_data["phrases"])


class RuleForm(forms.Form):
    name = forms.CharField(max_length=120)
    phrases = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="One phrase per line, matched as whole words in any case.",
    )
    pattern = forms.CharField(
        max_length=300, required=False, help_text="Or a regular expression (Python syntax)."
    )

    def phrase_list(self) -> list[str]:
        return _lines(self.cleaned_data["phrases"])


def decision_makers() -> Any:
    roles = [r for r in Role.values if Perm.RECALLS_DECIDE in role_permissions(r)]
    return User.objects.filter(is_active=True, role__in=roles).order_by("first_name", "username")


class OwnerForm(forms.Form):
    owner = forms.ModelChoiceField(queryset=User.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        assert isinstance(owner, forms.ModelChoiceField)
        owner.queryset = decision_makers()


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=RecallDecision.choices, widget=forms.RadioSelect)
    rationale = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class CompetitorForm(forms.Form):
    name = forms.CharField(max_length=80)
    aliases = forms.CharField(
        max_length=300,
        required=False,
        help_text="Other names customers use, separated by commas.",
    )

    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.cleaned_data.get("aliases", "").split(",") if a.strip()]
