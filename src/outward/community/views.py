"""The community's public pages: spaces, posts with their comments and votes, writing,
signing in by e-mail link, and the roadmap. Anyone may read what is public; members (and
staff) write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from outward.community import attachments, selectors, session
from outward.community.forms import CommentForm, PostForm, ReportForm, SignInForm
from outward.community.mail import send_sign_in_link
from outward.community.models import Attachment, Comment, Post, Space
from outward.community.services import members, posts, staff
from outward.core import ratelimit
from outward.core.errors import OutwardError

PER_PAGE = 30
POSTS_PER_HOUR = ratelimit.Limit("community-post", 5, 3600)
COMMENTS_PER_HOUR = ratelimit.Limit("community-comment", 30, 3600)
SIGN_IN = ratelimit.Policy(
    name_field="email",
    name_at_address=ratelimit.Limit("community-sign-in", 5, 3600),
    address=ratelimit.Limit("community-sign-in-address", 30, 3600),
    name=ratelimit.Limit("community-sign-in-name", 10, 3600),
    failures_only=False,
)


def _over(limit: ratelimit.Limit, member_id: int) -> bool:
    """Count one write of this member against `limit`; True past it."""
    return ratelimit.enabled() and ratelimit.is_over(limit, "member", str(member_id))


def _context(request: HttpRequest, **more: Any) -> dict[str, Any]:
    return {
        "member": session.current_member(request),
        "is_staff": session.is_staff(request),
        **more,
    }


def _error_text(error: OutwardError) -> str:
    fields = getattr(error, "field_errors", {}) or {}
    return f"{error}" + (
        f" ({'; '.join(f'{k}: {v}' for k, v in fields.items())})" if fields else ""
    )


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    member, is_staff = session.current_member(request), session.is_staff(request)
    latest = selectors.listing(None, member, is_staff, sort="recent")[:15]
    context = _context(request, spaces=Space.objects.all(), posts=latest)
    return render(request, "community/index.html", context)


@require_GET
def space(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Space, slug=slug)
    member, is_staff = session.current_member(request), session.is_staff(request)
    sort = request.GET.get("sort", "active")
    kind = request.GET.get("kind", "")
    listed = selectors.listing(found, member, is_staff, kind=kind, sort=sort)
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    context = _context(
        request, space=found, page=page, sort=sort, kind=kind, query=f"sort={sort}&kind={kind}"
    )
    return render(request, "community/space.html", context)


def _post_for(request: HttpRequest, pk: int) -> Post:
    member, is_staff = session.current_member(request), session.is_staff(request)
    found = selectors.visible_posts(member, is_staff).filter(pk=pk).first()
    if found is None:
        raise Http404("No such post.")
    return found


@require_GET
def post(request: HttpRequest, pk: int) -> HttpResponseBase:
    found = _post_for(request, pk)
    if found.merged_into_id is not None:
        return redirect("community:post", pk=found.merged_into_id, permanent=True)
    member, is_staff = session.current_member(request), session.is_staff(request)
    voted = bool(member and found.votes.filter(member=member).exists())
    context = _context(
        request,
        post=found,
        threads=selectors.threads(selectors.comments(found, member, is_staff)),
        voted=voted,
        following=bool(member and found.follows.filter(member=member).exists()),
        comment_form=CommentForm(),
        report_form=ReportForm(),
        voters=selectors.voters_by_segment(found) if is_staff else [],
    )
    if is_staff:
        from outward.community.staff_views import staff_forms

        context.update(staff_forms(found))
    return render(request, "community/post.html", context)


@require_http_methods(["GET", "POST"])
def new_post(request: HttpRequest, slug: str) -> HttpResponseBase:
    found = get_object_or_404(Space, slug=slug)
    author = session.author_of(request)
    if author is None:
        messages.info(request, _("Sign in to post: we e-mail you a link, no password."))
        return redirect(f"{reverse('community:sign_in')}?next={request.path}")
    form = PostForm(request.POST or None, request.FILES or None, initial={"body": found.template})
    if request.method == "POST" and form.is_valid() and not form.is_bot():
        if author.member and _over(POSTS_PER_HOUR, author.member.pk):
            return ratelimit.too_many_requests(request, POSTS_PER_HOUR.window)
        data = form.cleaned_data
        try:
            with transaction.atomic():  # a refused file leaves no post behind
                made = posts.create_post(
                    found,
                    author,
                    kind=data["kind"],
                    title=data["title"],
                    body=data["body"],
                    private=data["private"],
                )
                if data["attachment"]:
                    attachments.attach(made, data["attachment"])
        except OutwardError as error:
            fields = getattr(error, "field_errors", {}) or {}
            for name, message in fields.items():
                form.add_error(name if name in form.fields else None, message)
            if not fields:
                form.add_error(None, _error_text(error))
        else:
            if made.visibility == "held":
                messages.info(
                    request,
                    _(
                        "Thank you! A moderator reviews a new member's first post before it "
                        "shows to everyone."
                    ),
                )
            return redirect("community:post", pk=made.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "community/new_post.html", _context(request, space=found, form=form), status=status
    )


def _act(request: HttpRequest, pk: int, work: Any, done: str) -> HttpResponseBase:
    """A member's (or staff's) POST on a post: the service called, the outcome shown."""
    found = _post_for(request, pk)
    author = session.author_of(request)
    if author is None:
        messages.info(request, _("Sign in first: we e-mail you a link."))
        return redirect(
            f"{reverse('community:sign_in')}?next={reverse('community:post', args=[pk])}"
        )
    try:
        message = work(found, author)
    except OutwardError as error:
        messages.error(request, _error_text(error))
    else:
        if message:
            messages.success(request, message)
    return redirect(done if done.startswith("/") else reverse(done, args=[found.pk]))


@require_POST
def comment(request: HttpRequest, pk: int) -> HttpResponseBase:
    form = CommentForm(request.POST)

    def work(found: Post, author: posts.Author) -> str:
        if not form.is_valid() or form.is_bot():
            return ""
        if author.member and _over(COMMENTS_PER_HOUR, author.member.pk):
            raise OutwardError(_("You are commenting very fast; try again in a while."))
        parent = None
        if form.cleaned_data["parent"]:
            parent = Comment.objects.filter(pk=form.cleaned_data["parent"], post=found).first()
        posts.add_comment(
            found,
            author,
            form.cleaned_data["body"],
            parent=parent,
            official=bool(form.cleaned_data["official"] and author.staff),
        )
        return _("Comment added.")

    response = _act(request, pk, work, "community:post")
    if not form.is_valid():
        messages.error(request, _("Write a comment first."))
    return response


@require_POST
def vote(request: HttpRequest, pk: int) -> HttpResponseBase:
    def work(found: Post, author: posts.Author) -> str:
        if author.member is None:
            return _("Staff do not vote.")
        if request.POST.get("withdraw"):
            posts.unvote(found, author.member)
            return _("Vote withdrawn.")
        posts.vote(found, author.member)
        return _("Thank you for your vote.")

    return _act(request, pk, work, "community:post")


@require_POST
def follow(request: HttpRequest, pk: int) -> HttpResponseBase:
    def work(found: Post, author: posts.Author) -> str:
        if author.member is not None:
            posts.follow(found, author.member, on=not request.POST.get("stop"))
        return ""

    return _act(request, pk, work, "community:post")


@require_POST
def accept(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponseBase:
    def work(found: Post, author: posts.Author) -> str:
        answer = get_object_or_404(Comment, pk=comment_pk, post=found)
        posts.accept_answer(found, answer, author)
        return _("Answer accepted.")

    return _act(request, pk, work, "community:post")


@require_POST
def report(request: HttpRequest, pk: int) -> HttpResponseBase:
    form = ReportForm(request.POST)

    def work(found: Post, author: posts.Author) -> str:
        if not form.is_valid():
            return ""
        flagged = None
        if form.cleaned_data["comment"]:
            flagged = Comment.objects.filter(pk=form.cleaned_data["comment"], post=found).first()
        staff.report(found, author.member, form.cleaned_data["reason"], comment=flagged)
        return _("Thank you: a moderator will look at it.")

    return _act(request, pk, work, "community:post")


@ratelimit.rate_limited(SIGN_IN)
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.is_bot():
            try:
                found = members.request_link(form.cleaned_data["email"])
            except OutwardError as error:
                form.add_error("email", _error_text(error))
                return render(
                    request, "community/sign_in.html", _context(request, form=form), status=400
                )
            if found is not None:
                send_sign_in_link(found[0].pk, found[1])
        return render(
            request,
            "community/sign_in_sent.html",
            _context(request, email=form.cleaned_data["email"]),
        )
    status = 400 if request.method == "POST" else 200
    return render(request, "community/sign_in.html", _context(request, form=form), status=status)


@require_http_methods(["GET", "POST"])
def redeem(request: HttpRequest, token: str) -> HttpResponseBase:
    """GET asks for a click (mail scanners open links; only a person's POST signs in)."""
    if request.method == "GET":
        return render(request, "community/redeem.html", _context(request, token=token))
    member = members.redeem_link(token)
    if member is None:
        messages.error(request, _("That link was used already or has expired; ask for a new one."))
        return redirect("community:sign_in")
    session.sign_in(request, member)
    messages.success(request, _("Welcome, %(name)s.") % {"name": member.display_name})
    return redirect("community:index")


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    session.sign_out(request)
    return redirect("community:index")


@require_GET
def attachment(request: HttpRequest, pk: int, file_pk: int) -> HttpResponse:
    """A post's file, to whoever may open the post: photos shown, PDFs downloaded."""
    found = _post_for(request, pk)
    stored = get_object_or_404(Attachment, pk=file_pk, post=found)
    response = HttpResponse(bytes(stored.data), content_type=stored.content_type)
    disposition = "inline" if stored.is_image else "attachment"
    safe = "".join(c for c in stored.name if c.isalnum() or c in "._- ") or "file"
    response["Content-Disposition"] = f'{disposition}; filename="{safe}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "")[:200].replace("\x00", "")
    member, is_staff = session.current_member(request), session.is_staff(request)
    found = selectors.search_posts(query, member, is_staff) if query.strip() else []
    return render(request, "community/search.html", _context(request, query=query, posts=found))


@require_GET
def roadmap(request: HttpRequest) -> HttpResponse:
    return render(request, "community/roadmap.html", _context(request, columns=selectors.roadmap()))
