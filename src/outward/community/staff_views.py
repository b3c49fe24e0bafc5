"""Staff pages and actions in the community: the moderation queue with what customers asked
for most this month, and on a post: status, merge, links, moderation, bans."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from outward.community import selectors
from outward.community.forms import MergeForm, ReasonForm, StatusForm
from outward.community.models import Comment, Post, Space
from outward.community.services import staff
from outward.core.errors import OutwardError
from outward.core.form_errors import apply_errors, report_outcome
from outward.core.permissions import Perm, requires
from outward.feedback.choices import Source
from outward.initiatives.models import Initiative
from outward.insights import selectors as insights
from outward.insights.models import Theme


class LinkForm(forms.Form):
    theme = forms.ModelChoiceField(queryset=Theme.objects.none(), required=False, label="Issue")
    initiative = forms.ModelChoiceField(queryset=Initiative.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme, initiative = self.fields["theme"], self.fields["initiative"]
        assert isinstance(theme, forms.ModelChoiceField)
        assert isinstance(initiative, forms.ModelChoiceField)
        theme.queryset = Theme.objects.filter(merged_into__isnull=True, hidden=False)
        initiative.queryset = Initiative.objects.all()


def staff_forms(post: Post) -> dict[str, Any]:
    return {
        "status_form": StatusForm(
            initial={"status": post.status or "review", "message": post.status_message}
        ),
        "merge_form": MergeForm(),
        "link_form": LinkForm(initial={"theme": post.theme_id, "initiative": post.initiative_id}),
        "ban_form": ReasonForm(),
    }


@requires(Perm.COMMUNITY_VIEW)
@require_GET
def queue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    month = insights.Filters(start=today - dt.timedelta(days=29), end=today, source=Source.FORUM)
    context = {
        "held": selectors.held_posts()[:100],
        "reports": selectors.open_reports()[:100],
        "unanswered": selectors.unanswered_ideas()[:50],
        "unanswered_days": selectors.UNANSWERED_DAYS,
        "asked": insights.board(month, limit=10).issues,
    }
    return render(request, "community/queue.html", context)


Work = Callable[[Post, dict[str, Any], HttpRequest], str]


def _act(form_for: Callable[[HttpRequest], forms.Form], work: Work) -> Callable[..., HttpResponse]:
    @requires(Perm.COMMUNITY_MODERATE)
    @require_POST
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        post = get_object_or_404(Post, pk=pk)
        report_outcome(request, form_for(request), lambda data: work(post, data, request))
        return redirect("community:post", pk=post.pk)

    return view


def _status(post: Post, data: dict[str, Any], request: HttpRequest) -> str:
    change = staff.set_status(post, data["status"], data["message"], request.user)  # type: ignore[arg-type]
    owed = change.notifications.count()
    told = f"{owed} member{'s' if owed != 1 else ''}"
    return f"Status set to {change.get_status_display()}; {told} told by e-mail."


def _merge(post: Post, data: dict[str, Any], request: HttpRequest) -> str:
    original = get_object_or_404(Post, pk=data["original"])
    into = staff.merge(post, original, request.user)  # type: ignore[arg-type]
    return f"Merged into “{into.title}”: {into.votes_count} votes there now."


def _link(post: Post, data: dict[str, Any], request: HttpRequest) -> str:
    staff.link(post, theme=data["theme"], initiative=data["initiative"])
    return "Links saved."


def _moderate(post: Post, data: dict[str, Any], request: HttpRequest) -> str:
    done = staff.moderate(post, str(request.POST.get("action", "")), request.user)  # type: ignore[arg-type]
    return f"Done: the post is {done.get_visibility_display().lower()}."


def _ban(post: Post, data: dict[str, Any], request: HttpRequest) -> str:
    if post.member is None:
        return "Staff posts have no member to ban."
    staff.ban(post.member, data["reason"], request.user)  # type: ignore[arg-type]
    return f"{post.member.display_name} is banned; their posts are hidden."


set_status = _act(lambda r: StatusForm(r.POST), _status)
merge = _act(lambda r: MergeForm(r.POST), _merge)
link = _act(lambda r: LinkForm(r.POST), _link)
moderate = _act(lambda r: forms.Form(r.POST), _moderate)
ban = _act(lambda r: ReasonForm(r.POST), _ban)


@requires(Perm.COMMUNITY_MODERATE)
@require_POST
def hide_comment(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    found = get_object_or_404(Comment, pk=comment_pk, post_id=pk)
    staff.hide_comment(found, hidden=not request.POST.get("show"))
    messages.success(
        request, "Comment hidden." if not request.POST.get("show") else "Comment shown."
    )
    return redirect("community:post", pk=pk)


class SpaceForm(forms.Form):
    name = forms.CharField(max_length=100)
    slug = forms.SlugField(max_length=60, label="Address", help_text="/community/s/<address>/")
    description = forms.CharField(max_length=300, required=False)
    position = forms.IntegerField(min_value=0, max_value=1000, initial=0)
    template = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=5000,
        help_text="Text a new post here starts with (questions to answer, for example).",
    )


def _spaces_page(
    request: HttpRequest, form: SpaceForm, editing: Space | None, status: int = 200
) -> HttpResponse:
    context = {"spaces": Space.objects.all(), "form": form, "editing": editing}
    return render(request, "community/spaces.html", context, status=status)


@requires(Perm.COMMUNITY_VIEW)
@require_GET
def spaces(request: HttpRequest) -> HttpResponse:
    editing = (
        Space.objects.filter(pk=request.GET.get("edit") or 0).first()
        if (request.GET.get("edit", "").isdigit())
        else None
    )
    initial = (
        {
            "name": editing.name,
            "slug": editing.slug,
            "description": editing.description,
            "position": editing.position,
            "template": editing.template,
        }
        if editing
        else {}
    )
    return _spaces_page(request, SpaceForm(initial=initial), editing)


@requires(Perm.COMMUNITY_MODERATE)
@require_POST
def save_space(request: HttpRequest) -> HttpResponse:
    raw = str(request.POST.get("space", ""))
    editing = Space.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    form = SpaceForm(request.POST)
    if form.is_valid():
        try:
            saved = staff.save_space(editing, **form.cleaned_data)
        except OutwardError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"Space “{saved.name}” saved.")
            return redirect("community:spaces")
    return _spaces_page(request, form, editing, status=400)
