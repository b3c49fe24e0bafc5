"""The customer list (search, filters) and the customer page with their timeline."""

from __future__ import annotations

import uuid

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from outward.core.permissions import Perm, requires
from outward.customers import selectors
from outward.customers.choices import CustomerKind
from outward.customers.forms import CustomerFilterForm
from outward.customers.models import Customer

PAGE_SIZE = 50
TIMELINE_PAGE_SIZE = 25
PEOPLE_SHOWN = 50


@requires(Perm.CUSTOMERS_VIEW)
def customer_list(request: HttpRequest) -> HttpResponse:
    form = CustomerFilterForm(
        request.GET, segments=selectors.segments(), regions=selectors.regions()
    )
    filters = form.cleaned_data if form.is_valid() else {}
    customers = selectors.customer_list(**{k: v for k, v in filters.items() if v})
    page = Paginator(customers, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "filtered": bool(query)}
    return render(request, "customers/list.html", context)


@requires(Perm.CUSTOMERS_VIEW)
def customer_detail(request: HttpRequest, pk: uuid.UUID) -> HttpResponse:
    customer = get_object_or_404(Customer.objects.select_related("account"), pk=pk)
    people_count = customer.people.count() if customer.kind == CustomerKind.ACCOUNT else 0
    timeline = Paginator(selectors.timeline(customer), TIMELINE_PAGE_SIZE)
    context = {
        "customer": customer,
        "people": selectors.people_of(customer, PEOPLE_SHOWN),
        "people_count": people_count,
        "assets": selectors.assets_of(customer),
        "page": timeline.get_page(request.GET.get("page")),
    }
    return render(request, "customers/detail.html", context)
