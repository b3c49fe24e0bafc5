"""Forms of the community pages. Every form a visitor can post carries a honeypot field
(`website`), hidden from people and filled in by bots."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from outward.community.choices import IdeaStatus, PostKind
from outward.community.services.posts import MAX_BODY, MAX_TITLE


class Honeypot(forms.Form):
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self) -> bool:
        return bool(self.data.get("website"))


class SignInForm(Honeypot):
    email = forms.EmailField(max_length=254, label=_("Your e-mail address"))


class PostForm(Honeypot):
    kind = forms.ChoiceField(choices=PostKind.choices, label=_("What is it"))
    title = forms.CharField(max_length=MAX_TITLE, label=_("Title"))
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=MAX_BODY,
        label=_("Text"),
        help_text=_("Markdown: **bold**, *italic*, lists, [links](https://…)."),
    )
    private = forms.BooleanField(required=False, label=_("Only staff and I can see it"))
    attachment = forms.FileField(
        required=False,
        label=_("A photo or a PDF"),
        help_text=_("Optional; at most 5 MB."),
    )


class CommentForm(Honeypot):
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), max_length=MAX_BODY, label=_("Your comment")
    )
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    official = forms.BooleanField(required=False, label=_("Official answer"))


class ReportForm(forms.Form):
    reason = forms.CharField(max_length=300, label=_("What is wrong"))
    comment = forms.IntegerField(required=False, widget=forms.HiddenInput)


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=[c for c in IdeaStatus.choices if c[0]])
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=5000,
        help_text="Told to every voter and follower.",
    )


class MergeForm(forms.Form):
    original = forms.IntegerField(min_value=1, label="Merge into post number")


class ReasonForm(forms.Form):
    reason = forms.CharField(max_length=300)
