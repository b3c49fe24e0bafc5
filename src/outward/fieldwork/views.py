"""Field observation pages: the phone form, the recent list, one observation, its photo."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from outward.accounts.models import User
from outward.core.errors import OutwardError
from outward.core.form_errors import apply_errors
from outward.core.permissions import Perm, requires
from outward.core.roles import Role
from outward.fieldwork import selectors
from outward.fieldwork.forms import ObservationForm, asset_label, customer_label, new_client_key
from outward.fieldwork.services import record_observation

PAGE_SIZE = 30


def _form_page(
    request: HttpRequest, form: ObservationForm, query: str, status: int = 200
) -> HttpResponse:
    return render(request, "fieldwork/new.html", {"form": form, "q": query}, status=status)


@requires(Perm.FEEDBACK_ADD)
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        query = request.GET.get("q", "")
        chosen = selectors.customer(request.GET.get("customer"))
        found = selectors.find_customers(query)
        if chosen is None and len(found) == 1:
            chosen = found[0]
        customers = ([chosen] if chosen else []) + [c for c in found if c != chosen]
        form = ObservationForm(
            initial={"client_key": new_client_key(), "customer": chosen.pk if chosen else None},
            customers=customers,
            assets=selectors.assets_of(chosen.pk) if chosen else [],
        )
        return _form_page(request, form, query)

    chosen = selectors.customer(request.POST.get("customer"))
    form = ObservationForm(
        request.POST,
        request.FILES,
        customers=[chosen] if chosen else [],
        assets=selectors.assets_of(chosen.pk) if chosen else [],
    )
    if not form.is_valid():
        return _form_page(request, form, "", status=400)
    data = form.cleaned_data
    assert isinstance(request.user, User)  # `requires` lets only signed-in users in
    try:
        observed = record_observation(
            customer_id=data["customer"],
            asset_id=data["asset"],
            observed_by=request.user,
            state=data["state"],
            suggestion=data["suggestion"],
            urgency=data["urgency"],
            photo=data["photo"],
            client_key=data["client_key"],
        )
    except OutwardError as error:
        apply_errors(form, error)
        return _form_page(request, form, "", status=400)
    if observed.created:
        messages.success(request, "Observation saved. Thank you.")
    else:
        messages.info(request, "This observation was already saved.")
    return redirect("fieldwork:detail", pk=observed.observation.pk)


@requires(Perm.FEEDBACK_ADD)
@require_GET
def customer_search(request: HttpRequest) -> JsonResponse:
    found = selectors.find_customers(request.GET.get("q", ""))
    return JsonResponse(
        {"customers": [{"id": str(c.pk), "label": customer_label(c)} for c in found]}
    )


@requires(Perm.FEEDBACK_ADD)
@require_GET
def customer_assets(request: HttpRequest, pk: uuid.UUID) -> JsonResponse:
    if selectors.customer(str(pk)) is None:
        raise Http404("No such customer.")
    assets = selectors.assets_of(pk)
    return JsonResponse({"assets": [{"id": str(a.pk), "label": asset_label(a)} for a in assets]})


@requires(Perm.FEEDBACK_VIEW)
@require_GET
def observation_list(request: HttpRequest) -> HttpResponse:
    assert isinstance(request.user, User)  # `requires` lets only signed-in users in
    page = Paginator(selectors.recent(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "own_only": request.user.role == Role.FIELD_TECHNICIAN}
    return render(request, "fieldwork/list.html", context)


@requires(Perm.FEEDBACK_VIEW)
@require_GET
def detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    assert isinstance(request.user, User)
    observation = selectors.observation(pk, request.user)
    if observation is None:
        raise Http404("No such observation.")
    return render(request, "fieldwork/detail.html", {"observation": observation})


@requires(Perm.FEEDBACK_VIEW)
@require_GET
def photo(request: HttpRequest, pk: uuid.UUID) -> FileResponse:
    """The photo, only through this permission check: media files have no public URL."""
    assert isinstance(request.user, User)
    observation = selectors.observation(pk, request.user)
    if observation is None or not observation.photo:
        raise Http404("No photo.")
    try:
        handle = observation.photo.open("rb")
    except FileNotFoundError as missing:
        raise Http404("The photo file is missing.") from missing
    response = FileResponse(handle, content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = f'inline; filename="observation-{str(pk)[:8]}.jpg"'
    return response
