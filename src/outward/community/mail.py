"""The community's e-mails: the sign-in link (sent at once from the request, so the token
is never stored anywhere, not even in the task queue), and an idea's new status to those
who voted for it or follow it (by a task; each once, as a Notification row is marked sent)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outward.accounts.organisation import current, sender
from outward.community.models import Comment, Member, Notification, StatusChange


def language_of(member: Member) -> str:
    """The member's language when the community speaks it, else the site's."""
    spoken = {code for code, _ in settings.LANGUAGES}
    code = member.customer.language.split("-")[0].lower()
    return code if code in spoken else settings.LANGUAGE_CODE


def send_sign_in_link(member_id: int, token: str) -> None:
    member = Member.objects.select_related("customer").get(pk=member_id)
    url = f"{settings.SITE_URL}{reverse('community:redeem', args=[token])}"
    context = {"member": member, "url": url, "organisation": current().name}
    with translation.override(language_of(member)):
        EmailMultiAlternatives(
            _("Your sign-in link to the community"),
            render_to_string("community/email/sign_in.txt", context),
            sender(),
            [member.customer.email],
        ).send()


def send_status_notifications(change_id: int) -> int:
    """E-mail every member still owed news of this change; how many were sent now."""
    change = StatusChange.objects.select_related("post").get(pk=change_id)
    url = f"{settings.SITE_URL}{reverse('community:post', args=[change.post_id])}"
    sent = 0
    owed = Notification.objects.filter(change=change, sent_at__isnull=True).values_list(
        "pk", flat=True
    )
    for notification_id in list(owed):
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True)
                .select_related("member__customer")
                .filter(pk=notification_id, sent_at__isnull=True)
                .first()
            )
            if notification is None or not notification.member.customer.email:
                continue
            context = {
                "change": change,
                "member": notification.member,
                "url": url,
                "organisation": current().name,
            }
            with translation.override(language_of(notification.member)):
                subject = _("The idea “%(title)s” is now %(status)s") % {
                    "title": change.post.title[:80],
                    "status": str(change.get_status_display()).lower(),
                }
                EmailMultiAlternatives(
                    subject,
                    render_to_string("community/email/status.txt", context),
                    sender(),
                    [notification.member.customer.email],
                ).send()
            notification.sent_at = timezone.now()
            notification.save(update_fields=["sent_at"])
            sent += 1
    return sent


def send_mentions(comment_id: int, member_ids: list[int]) -> int:
    """Tell each member a comment names that they were mentioned; how many were told."""
    comment = (
        Comment.objects.select_related("post", "member", "staff").filter(pk=comment_id).first()
    )
    if comment is None:
        return 0
    url = f"{settings.SITE_URL}{reverse('community:post', args=[comment.post_id])}#c{comment.pk}"
    organisation = current().name
    told = 0
    for member in Member.objects.filter(pk__in=member_ids, banned_at=None).select_related(
        "customer"
    ):
        if not member.customer.email:
            continue
        context = {"comment": comment, "member": member, "url": url, "organisation": organisation}
        with translation.override(language_of(member)):
            EmailMultiAlternatives(
                _("%(name)s mentioned you in “%(title)s”")
                % {"name": comment.author_name, "title": comment.post.title[:80]},
                render_to_string("community/email/mention.txt", context),
                sender(),
                [member.customer.email],
            ).send()
        told += 1
    return told
