"""The people page (teams, members, the skills inventory) and setting one skill level."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from outward.accounts import selectors
from outward.accounts.forms import PeopleFilterForm, SkillLevelForm
from outward.accounts.models import User
from outward.accounts.services import remove_skill, set_skill_level
from outward.core.errors import OutwardError
from outward.core.permissions import Perm, requires, user_has

FILTER_KEYS = ("team", "skill", "min_level")


def _filters_of(data: QueryDict) -> QueryDict:
    """Only the filter parameters, so that links and redirects carry nothing else."""
    kept = QueryDict(mutable=True)
    for key in FILTER_KEYS:
        value = data.get(key)
        if isinstance(value, str) and value:
            kept[key] = value
    return kept


def _people_page(
    request: HttpRequest,
    query: QueryDict,
    *,
    person: User | None = None,
    form: SkillLevelForm | None = None,
    status: int = 200,
) -> HttpResponse:
    teams, skills = selectors.teams(), selectors.skills()
    filters = PeopleFilterForm(query, teams=teams, skills=skills)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    inventory = selectors.inventory(
        all_teams=teams,
        all_skills=skills,
        team_id=chosen.get("team"),
        skill_id=chosen.get("skill"),
        min_level=chosen.get("min_level"),
    )
    if person is not None and form is None:
        form = SkillLevelForm(skills=skills, today=timezone.localdate())
    context = {
        "filters": filters,
        "inventory": inventory,
        "team_filter": chosen.get("team"),
        "skill_filter": chosen.get("skill"),
        "query": query.urlencode(),
        "filtered": bool(query),
        "can_change": user_has(request.user, Perm.PEOPLE_CHANGE),
        "person": person,
        "form": form,
        "capable_level": selectors.CAPABLE_LEVEL,
        "expert_level": selectors.EXPERT_LEVEL,
    }
    return render(request, "accounts/people.html", context, status=status)


@requires(Perm.PEOPLE_VIEW)
@require_safe
def people(request: HttpRequest) -> HttpResponse:
    """Teams and the skills matrix; `?edit=<id>` opens the skill form for one person."""
    person = None
    edit = request.GET.get("edit", "")
    if edit.isdigit() and user_has(request.user, Perm.PEOPLE_CHANGE):
        person = selectors.person(int(edit))
    return _people_page(request, _filters_of(request.GET), person=person)


@requires(Perm.PEOPLE_CHANGE)
@require_POST
def skill_set(request: HttpRequest, pk: int) -> HttpResponse:
    """Set (or with `remove`, take off) one skill of one employee, then back to the page."""
    person = selectors.person(pk)
    if person is None:
        raise Http404("No such employee.")
    back = _filters_of(QueryDict(request.POST.get("back", "")))
    skills = selectors.skills()
    form = SkillLevelForm(request.POST, skills=skills, today=timezone.localdate())
    if not form.is_valid():
        return _people_page(request, back, person=person, form=form, status=400)
    skill = next(s for s in skills if s.pk == form.cleaned_data["skill"])
    try:
        if form.cleaned_data["remove"]:
            removed = remove_skill(user=person, skill=skill)
            note = "is removed" if removed else "was not in their inventory"
            messages.success(request, f"{person}: {skill.name} {note}.")
        else:
            entry = set_skill_level(
                user=person,
                skill=skill,
                level=form.cleaned_data["level"],
                verified_on=form.cleaned_data["verified_on"],
            )
            verified = f", verified {entry.verified_on:%d %b %Y}" if entry.verified_on else ""
            messages.success(request, f"{person}: {skill.name} at level {entry.level}{verified}.")
    except OutwardError as error:
        for field, text in error.field_errors.items():
            form.add_error(field if field in form.fields else None, text)
        if not error.field_errors:
            form.add_error(None, error.message)
        return _people_page(request, back, person=person, form=form, status=400)
    back["edit"] = str(person.pk)
    # No anchor: the confirmation shows above the form, at the top of the page.
    return redirect(f"{reverse('accounts:people')}?{back.urlencode()}")
