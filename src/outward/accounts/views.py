"""Sign-in, sign-out, password reset (Django's views, our templates) and API tokens."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from outward.accounts.forms import ApiTokenForm, QueuedPasswordResetForm
from outward.accounts.models import ApiToken, User
from outward.accounts.services import create_api_token, revoke_api_token
from outward.core import ratelimit
from outward.core.errors import NotFound, OutwardError
from outward.core.permissions import Perm, requires

login = ratelimit.rate_limited(ratelimit.LOGIN)(
    auth_views.LoginView.as_view(
        template_name="registration/login.html", redirect_authenticated_user=True
    )
)
logout = auth_views.LogoutView.as_view()

password_reset = ratelimit.rate_limited(ratelimit.PASSWORD_RESET)(
    auth_views.PasswordResetView.as_view(
        form_class=QueuedPasswordResetForm,
        template_name="registration/password_reset_form.html",
        email_template_name="registration/password_reset_email.txt",
        subject_template_name="registration/password_reset_subject.txt",
        # The link is built from SITE_URL, not the request's Host header, which a client sets.
        extra_email_context={"site_url": settings.SITE_URL},
        success_url=reverse_lazy("accounts:password_reset_done"),
    )
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="registration/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="registration/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="registration/password_reset_complete.html"
)


def _signed_in(request: HttpRequest) -> User:
    # `requires` has let only signed-in users through.
    assert isinstance(request.user, User)
    return request.user


def _tokens_page(request: HttpRequest, form: ApiTokenForm, secret: str = "") -> HttpResponse:
    tokens = ApiToken.objects.filter(user=_signed_in(request))
    return render(
        request, "accounts/tokens.html", {"form": form, "tokens": tokens, "secret": secret}
    )


@requires(Perm.TOKENS_MANAGE)
@never_cache
@require_http_methods(["GET", "POST"])
def tokens(request: HttpRequest) -> HttpResponse:
    """List one's own tokens; a POST creates one and shows its secret in this response only."""
    if request.method != "POST":
        return _tokens_page(request, ApiTokenForm())
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        return _tokens_page(request, form)
    try:
        issued = create_api_token(
            user=_signed_in(request),
            name=form.cleaned_data["name"],
            scope=form.cleaned_data["scope"],
        )
    except OutwardError as error:
        form.add_error(None, error.message)
        return _tokens_page(request, form)
    return _tokens_page(request, ApiTokenForm(), secret=issued.secret)


@requires(Perm.TOKENS_MANAGE)
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        token = revoke_api_token(user=_signed_in(request), token_id=pk)
    except NotFound as error:
        raise Http404(error.message) from error
    messages.success(request, f"Token “{token.name}” is revoked.")
    return redirect("accounts:tokens")
