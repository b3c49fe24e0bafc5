"""API v1: customers, products, batches, assets and touchpoints (create, read, update, list)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models.functions import Lower
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Status

from outward.accounts.api_auth import api_requires
from outward.core.api import Slug, referenced
from outward.core.api_errors import api_field_names
from outward.core.errors import ValidationError
from outward.core.pagination import Page, paginate
from outward.core.permissions import Perm
from outward.customers import services
from outward.customers.models import Customer, CustomerAsset, Product, ProductBatch, Touchpoint
from outward.customers.schemas import (
    AssetIn,
    AssetOut,
    AssetPage,
    AssetPatch,
    AssetQuery,
    BatchIn,
    BatchOut,
    BatchPage,
    BatchPatch,
    BatchQuery,
    CustomerIn,
    CustomerLookup,
    CustomerOut,
    CustomerPage,
    CustomerPatch,
    CustomerQuery,
    ProductIn,
    ProductOut,
    ProductPage,
    ProductPatch,
    ProductQuery,
    TouchpointIn,
    TouchpointOut,
    TouchpointPage,
    TouchpointPatch,
    TouchpointQuery,
)

router = Router()

BY_CREATION = ("created_at", "id")
# The services name model fields; the API names references by their id.
API_NAMES = {
    "account": "account_id",
    "customer": "customer_id",
    "product": "product_id",
    "batch": "batch_id",
}


# Customers ---------------------------------------------------------------------------------


def _customers(query: CustomerQuery) -> Any:
    customers = Customer.objects.all()
    for name in ("kind", "status", "segment", "region", "account_id"):
        if (value := getattr(query, name)) is not None:
            customers = customers.filter(**{name: value})
    if query.q:
        customers = customers.search(query.q)
    return customers


@router.get(
    "/customers", response=CustomerPage, tags=["customers"], **api_requires(Perm.CUSTOMERS_VIEW)
)
def list_customers(request: HttpRequest, query: Query[CustomerQuery]) -> Page[Customer]:
    return paginate(_customers(query), ordering=BY_CREATION, cursor=query.cursor, limit=query.limit)


@router.get(
    "/customers/lookup",
    response=CustomerOut,
    tags=["customers"],
    **api_requires(Perm.CUSTOMERS_VIEW),
)
def lookup_customer(request: HttpRequest, query: Query[CustomerLookup]) -> Customer:
    """The customer with this external id, or with this e-mail address (case-insensitive)."""
    if (query.external_id is None) == (query.email is None):
        raise ValidationError(
            "Give exactly one of external_id and email.",
            field_errors={"query": "Give exactly one of external_id and email."},
        )
    if query.external_id is not None:
        return get_object_or_404(Customer, external_id=query.external_id)
    email = query.email.strip().lower() if query.email else ""
    return get_object_or_404(Customer.objects.alias(email_lower=Lower("email")), email_lower=email)


@router.post(
    "/customers",
    response={201: CustomerOut},
    tags=["customers"],
    **api_requires(Perm.CUSTOMERS_CHANGE),
)
def create_customer(request: HttpRequest, payload: CustomerIn) -> Status[Customer]:
    with api_field_names(API_NAMES):
        return Status(201, services.create_customer(**payload.model_dump()))


@router.get(
    "/customers/{customer_id}",
    response=CustomerOut,
    tags=["customers"],
    **api_requires(Perm.CUSTOMERS_VIEW),
)
def get_customer(request: HttpRequest, customer_id: uuid.UUID) -> Customer:
    return get_object_or_404(Customer, pk=customer_id)


@router.patch(
    "/customers/{customer_id}",
    response=CustomerOut,
    tags=["customers"],
    **api_requires(Perm.CUSTOMERS_CHANGE),
)
def update_customer(
    request: HttpRequest, customer_id: uuid.UUID, payload: CustomerPatch
) -> Customer:
    customer = get_object_or_404(Customer, pk=customer_id)
    with api_field_names(API_NAMES):
        return services.update_customer(customer, **payload.changes())


# Products ----------------------------------------------------------------------------------


def _products(query: ProductQuery) -> Any:
    products = Product.objects.all()
    if query.category is not None:
        products = products.filter(category=query.category)
    if query.sku is not None:
        products = products.filter(sku=query.sku)
    return products


@router.get("/products", response=ProductPage, tags=["catalog"], **api_requires(Perm.CATALOG_VIEW))
def list_products(request: HttpRequest, query: Query[ProductQuery]) -> Page[Product]:
    return paginate(_products(query), ordering=BY_CREATION, cursor=query.cursor, limit=query.limit)


@router.post(
    "/products", response={201: ProductOut}, tags=["catalog"], **api_requires(Perm.CATALOG_CHANGE)
)
def create_product(request: HttpRequest, payload: ProductIn) -> Status[Product]:
    return Status(201, services.create_product(**payload.model_dump()))


@router.get(
    "/products/{product_id}",
    response=ProductOut,
    tags=["catalog"],
    **api_requires(Perm.CATALOG_VIEW),
)
def get_product(request: HttpRequest, product_id: uuid.UUID) -> Product:
    return get_object_or_404(Product, pk=product_id)


@router.patch(
    "/products/{product_id}",
    response=ProductOut,
    tags=["catalog"],
    **api_requires(Perm.CATALOG_CHANGE),
)
def update_product(request: HttpRequest, product_id: uuid.UUID, payload: ProductPatch) -> Product:
    product = get_object_or_404(Product, pk=product_id)
    return services.update_product(product, **payload.changes())


# Batches -----------------------------------------------------------------------------------


def _batches(query: BatchQuery) -> Any:
    batches = ProductBatch.objects.select_related("product")
    if query.product_id is not None:
        batches = batches.filter(product_id=query.product_id)
    if query.lot_code is not None:
        batches = batches.filter(lot_code=query.lot_code)
    return batches


def _batch_references(fields: dict[str, Any]) -> dict[str, Any]:
    if "product_id" in fields:
        fields["product"] = referenced(
            Product.objects.all(), fields.pop("product_id"), field="product_id"
        )
    return fields


@router.get("/batches", response=BatchPage, tags=["catalog"], **api_requires(Perm.CATALOG_VIEW))
def list_batches(request: HttpRequest, query: Query[BatchQuery]) -> Page[ProductBatch]:
    return paginate(_batches(query), ordering=BY_CREATION, cursor=query.cursor, limit=query.limit)


@router.post(
    "/batches", response={201: BatchOut}, tags=["catalog"], **api_requires(Perm.CATALOG_CHANGE)
)
def create_batch(request: HttpRequest, payload: BatchIn) -> Status[ProductBatch]:
    with api_field_names(API_NAMES):
        return Status(201, services.create_batch(**_batch_references(payload.model_dump())))


@router.get(
    "/batches/{batch_id}", response=BatchOut, tags=["catalog"], **api_requires(Perm.CATALOG_VIEW)
)
def get_batch(request: HttpRequest, batch_id: uuid.UUID) -> ProductBatch:
    return get_object_or_404(ProductBatch.objects.select_related("product"), pk=batch_id)


@router.patch(
    "/batches/{batch_id}", response=BatchOut, tags=["catalog"], **api_requires(Perm.CATALOG_CHANGE)
)
def update_batch(request: HttpRequest, batch_id: uuid.UUID, payload: BatchPatch) -> ProductBatch:
    batch = get_object_or_404(ProductBatch.objects.select_related("product"), pk=batch_id)
    with api_field_names(API_NAMES):
        return services.update_batch(batch, **_batch_references(payload.changes()))


# Assets ------------------------------------------------------------------------------------


def _assets(query: AssetQuery) -> Any:
    assets = CustomerAsset.objects.select_related("product", "batch")
    for name in ("customer_id", "product_id", "batch_id", "serial_number"):
        if (value := getattr(query, name)) is not None:
            assets = assets.filter(**{name: value})
    return assets


def _asset_references(fields: dict[str, Any]) -> dict[str, Any]:
    """Resolve the ids a body names, so the service is given objects that exist."""
    for name, queryset in (
        ("customer", Customer.objects.all()),
        ("product", Product.objects.all()),
        ("batch", ProductBatch.objects.all()),
    ):
        key = f"{name}_id"
        if key in fields:
            pk = fields.pop(key)
            fields[name] = None if pk is None else referenced(queryset, pk, field=key)
    return fields


@router.get("/assets", response=AssetPage, tags=["catalog"], **api_requires(Perm.CATALOG_VIEW))
def list_assets(request: HttpRequest, query: Query[AssetQuery]) -> Page[CustomerAsset]:
    return paginate(_assets(query), ordering=BY_CREATION, cursor=query.cursor, limit=query.limit)


@router.post(
    "/assets", response={201: AssetOut}, tags=["catalog"], **api_requires(Perm.CATALOG_CHANGE)
)
def create_asset(request: HttpRequest, payload: AssetIn) -> Status[CustomerAsset]:
    with api_field_names(API_NAMES):
        return Status(201, services.create_asset(**_asset_references(payload.model_dump())))


@router.get(
    "/assets/{asset_id}", response=AssetOut, tags=["catalog"], **api_requires(Perm.CATALOG_VIEW)
)
def get_asset(request: HttpRequest, asset_id: uuid.UUID) -> CustomerAsset:
    return get_object_or_404(CustomerAsset.objects.select_related("product", "batch"), pk=asset_id)


@router.patch(
    "/assets/{asset_id}", response=AssetOut, tags=["catalog"], **api_requires(Perm.CATALOG_CHANGE)
)
def update_asset(request: HttpRequest, asset_id: uuid.UUID, payload: AssetPatch) -> CustomerAsset:
    asset = get_object_or_404(CustomerAsset.objects.select_related("product", "batch"), pk=asset_id)
    with api_field_names(API_NAMES):
        return services.update_asset(asset, **_asset_references(payload.changes()))


# Touchpoints -------------------------------------------------------------------------------


@router.get(
    "/touchpoints", response=TouchpointPage, tags=["catalog"], **api_requires(Perm.CATALOG_VIEW)
)
def list_touchpoints(request: HttpRequest, query: Query[TouchpointQuery]) -> Page[Touchpoint]:
    touchpoints = Touchpoint.objects.all()
    if query.is_active is not None:
        touchpoints = touchpoints.filter(is_active=query.is_active)
    return paginate(
        touchpoints, ordering=("position", "id"), cursor=query.cursor, limit=query.limit
    )


@router.post(
    "/touchpoints",
    response={201: TouchpointOut},
    tags=["catalog"],
    **api_requires(Perm.CATALOG_CHANGE),
)
def create_touchpoint(request: HttpRequest, payload: TouchpointIn) -> Status[Touchpoint]:
    return Status(201, services.create_touchpoint(**payload.model_dump()))


@router.get(
    "/touchpoints/{slug}",
    response=TouchpointOut,
    tags=["catalog"],
    **api_requires(Perm.CATALOG_VIEW),
)
def get_touchpoint(request: HttpRequest, slug: Slug) -> Touchpoint:
    return get_object_or_404(Touchpoint, slug=slug)


@router.patch(
    "/touchpoints/{slug}",
    response=TouchpointOut,
    tags=["catalog"],
    **api_requires(Perm.CATALOG_CHANGE),
)
def update_touchpoint(request: HttpRequest, slug: Slug, payload: TouchpointPatch) -> Touchpoint:
    touchpoint = get_object_or_404(Touchpoint, slug=slug)
    return services.update_touchpoint(touchpoint, **payload.changes())
