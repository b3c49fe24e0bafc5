"""Managing employees in the app: invite by e-mail, role, team, absence, deactivation; and
changing one's own password."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from outward.accounts.models import Team, User
from outward.accounts.services import invite_employee, manage_employee, update_team
from outward.core.errors import OutwardError
from outward.core.form_errors import apply_errors
from outward.core.permissions import Perm, requires
from outward.core.roles import Role

PER_PAGE = 50


class InviteForm(forms.Form):
    email = forms.EmailField()
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    role = forms.ChoiceField(choices=Role.choices, initial=Role.AGENT)
    team = forms.ModelChoiceField(queryset=Team.objects.order_by("name"), required=False)


class EmployeeForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    team = forms.ModelChoiceField(queryset=Team.objects.order_by("name"), required=False)
    job_title = forms.CharField(max_length=100, required=False)
    away_until = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Away until"
    )
    is_active = forms.BooleanField(required=False, label="Active (may sign in)")


class TeamForm(forms.Form):
    region = forms.CharField(max_length=50, required=False, label="Serves region")
    auto_assign = forms.BooleanField(required=False, label="Assign new cases automatically")


def _me(request: HttpRequest) -> User:
    assert isinstance(request.user, User)  # `requires` lets only signed-in users in
    return request.user


def _list(request: HttpRequest, form: InviteForm, status: int = 200) -> HttpResponse:
    people = User.objects.select_related("team").order_by("-is_active", "last_name", "username")
    page = Paginator(people, PER_PAGE).get_page(request.GET.get("page"))
    teams = [
        (
            t,
            TeamForm(
                initial={"region": t.region, "auto_assign": t.auto_assign}, prefix=f"team{t.pk}"
            ),
        )
        for t in Team.objects.order_by("name")
    ]
    context = {"page": page, "form": form, "teams": teams}
    return render(request, "accounts/users.html", context, status=status)


@requires(Perm.USERS_MANAGE)
def users(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _list(request, InviteForm())
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            user = invite_employee(by=_me(request), **form.cleaned_data)
        except OutwardError as error:
            apply_errors(form, error)
        else:
            messages.success(
                request, f"{user.email} is invited: a link to choose a password is on its way."
            )
            return redirect("accounts:users")
    return _list(request, form, status=400)


@requires(Perm.USERS_MANAGE)
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(User.objects.select_related("team"), pk=pk)
    initial: dict[str, Any] = {
        "role": person.role,
        "team": person.team,
        "job_title": person.job_title,
        "away_until": person.away_until,
        "is_active": person.is_active,
    }
    form = EmployeeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            manage_employee(person, _me(request), **form.cleaned_data)
        except OutwardError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{person} saved.")
            return redirect("accounts:users")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "accounts/user_edit.html", {"person": person, "form": form}, status=status
    )


@requires(Perm.ACCOUNT_OWN)
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(_me(request), request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)  # stay signed in on this device
        messages.success(request, "Your password is changed.")
        return redirect("web:home")
    status = 400 if request.method == "POST" else 200
    return render(request, "accounts/password_change.html", {"form": form}, status=status)


@requires(Perm.USERS_MANAGE)
@require_POST
def team_edit(request: HttpRequest, pk: int) -> HttpResponse:
    team = get_object_or_404(Team, pk=pk)
    form = TeamForm(request.POST, prefix=f"team{team.pk}")
    if not form.is_valid():
        messages.error(request, f"{team}: not saved ({form.errors.as_text()}).")
        return redirect("accounts:users")
    try:
        update_team(team, **form.cleaned_data)
    except OutwardError as error:
        messages.error(request, f"{team}: {error.message}")
    else:
        messages.success(request, f"{team} saved.")
    return redirect("accounts:users")
