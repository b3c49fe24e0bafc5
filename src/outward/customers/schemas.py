"""API schemas for customers, products, batches, assets and touchpoints.

In schemas create, Patch schemas change what they name, Out schemas answer; every field is
listed. References go in as ids and come out as ids plus a readable key (a product's SKU).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field, JsonValue, StrictBool, StrictStr

from outward.core.api import (
    UNSET,
    Day,
    InSchema,
    PageQuery,
    PatchSchema,
    Slug,
    Text,
    WholeNumber,
)
from outward.customers.choices import CustomerKind, LifecycleStatus
from outward.customers.models import Customer, CustomerAsset, ProductBatch

# What the server takes, published: a number or a decimal string, 12 digits and 2 decimals.
_MONEY_SCHEMA: dict[str, JsonValue] = {
    "anyOf": [
        {"type": "number", "minimum": 0, "maximum": 999_999_999_999.99, "multipleOf": 0.01},
        {"type": "string", "pattern": r"^\d{1,12}(\.\d{1,2})?$"},
    ]
}
Money = Annotated[
    Decimal, Field(ge=0, max_digits=14, decimal_places=2, json_schema_extra=_MONEY_SCHEMA)
]
Currency = Annotated[StrictStr, Field(pattern=r"^[A-Z]{3}$", description="ISO 4217 code")]
Quantity = Annotated[WholeNumber, Field(ge=0, le=2_147_483_647)]
Position = Annotated[WholeNumber, Field(ge=0, le=32767)]
LongText = Annotated[Text, Field(max_length=20_000)]
# An address the server accepts, or "" for none.
EMAIL: dict[str, JsonValue] = {"anyOf": [{"format": "email"}, {"maxLength": 0}]}
DECIMAL = r"^\d+\.\d{2}$"


# Customers ---------------------------------------------------------------------------------


class CustomerIn(InSchema):
    kind: CustomerKind = CustomerKind.PERSON
    account_id: uuid.UUID | None = Field(None, description="The account a person belongs to")
    name: Annotated[Text, Field(min_length=1, max_length=200)]
    external_id: Annotated[Text, Field(max_length=100)] | None = None
    email: Annotated[Text, Field(max_length=254, json_schema_extra=EMAIL)] = ""
    segment: Annotated[Text, Field(max_length=50)] = ""
    region: Annotated[Text, Field(max_length=50)] = ""
    language: Annotated[Text, Field(min_length=1, max_length=12)] = "en"
    annual_value: Money = Decimal("0")
    currency: Currency = "EUR"
    status: LifecycleStatus = LifecycleStatus.ACTIVE
    churned_on: Day | None = None
    customer_since: Day | None = None
    contact_consent: StrictBool = False


class CustomerPatch(PatchSchema):
    kind: CustomerKind = Field(UNSET)
    account_id: uuid.UUID | None = None
    name: Text = Field(UNSET, min_length=1, max_length=200)
    external_id: Annotated[Text, Field(max_length=100)] | None = None
    email: Text = Field(UNSET, max_length=254, json_schema_extra=EMAIL)
    segment: Text = Field(UNSET, max_length=50)
    region: Text = Field(UNSET, max_length=50)
    language: Text = Field(UNSET, min_length=1, max_length=12)
    annual_value: Money = Field(UNSET)
    currency: Currency = Field(UNSET)
    status: LifecycleStatus = Field(UNSET)
    churned_on: Day | None = None
    customer_since: Day | None = None
    contact_consent: StrictBool = Field(UNSET)


class CustomerOut(Schema):
    id: uuid.UUID
    kind: str
    account_id: uuid.UUID | None
    name: str
    external_id: str | None
    email: str
    segment: str
    region: str
    language: str
    annual_value: str = Field(description='Decimal string, e.g. "1200.00"', pattern=DECIMAL)
    currency: str
    status: str
    churned_on: date | None
    customer_since: date | None
    contact_consent: bool
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_annual_value(obj: Customer) -> str:
        return f"{obj.annual_value:.2f}"


class CustomerQuery(PageQuery):
    kind: CustomerKind | None = None
    status: LifecycleStatus | None = None
    segment: Annotated[Text, Field(max_length=50)] | None = None
    region: Annotated[Text, Field(max_length=50)] | None = None
    account_id: uuid.UUID | None = None
    q: Annotated[Text, Field(max_length=200)] | None = Field(
        None, description="Part of the name or e-mail, or the exact external id"
    )


class CustomerLookup(Schema):
    external_id: Annotated[Text, Field(min_length=1, max_length=100)] | None = None
    email: Annotated[Text, Field(min_length=1, max_length=254)] | None = None


class CustomerPage(Schema):
    items: list[CustomerOut]
    next_cursor: str | None


# Products ----------------------------------------------------------------------------------


class ProductIn(InSchema):
    sku: Annotated[Text, Field(min_length=1, max_length=50)]
    name: Annotated[Text, Field(min_length=1, max_length=200)]
    category: Annotated[Text, Field(max_length=100)] = ""
    description: LongText = ""
    launched_on: Day | None = None


class ProductPatch(PatchSchema):
    sku: Text = Field(UNSET, min_length=1, max_length=50)
    name: Text = Field(UNSET, min_length=1, max_length=200)
    category: Text = Field(UNSET, max_length=100)
    description: LongText = Field(UNSET)
    launched_on: Day | None = None


class ProductOut(Schema):
    id: uuid.UUID
    sku: str
    name: str
    category: str
    description: str
    launched_on: date | None
    created_at: datetime
    updated_at: datetime


class ProductQuery(PageQuery):
    category: Annotated[Text, Field(max_length=100)] | None = None
    sku: Annotated[Text, Field(max_length=50)] | None = None


class ProductPage(Schema):
    items: list[ProductOut]
    next_cursor: str | None


# Batches -----------------------------------------------------------------------------------


class BatchIn(InSchema):
    product_id: uuid.UUID
    lot_code: Annotated[Text, Field(min_length=1, max_length=50)]
    manufactured_on: Day | None = None
    quantity: Quantity | None = None


class BatchPatch(PatchSchema):
    product_id: uuid.UUID = Field(UNSET)
    lot_code: Text = Field(UNSET, min_length=1, max_length=50)
    manufactured_on: Day | None = None
    quantity: Quantity | None = None


class BatchOut(Schema):
    id: uuid.UUID
    product_id: uuid.UUID
    product_sku: str
    lot_code: str
    manufactured_on: date | None
    quantity: int | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_product_sku(obj: ProductBatch) -> str:
        return obj.product.sku


class BatchQuery(PageQuery):
    product_id: uuid.UUID | None = None
    lot_code: Annotated[Text, Field(max_length=50)] | None = None


class BatchPage(Schema):
    items: list[BatchOut]
    next_cursor: str | None


# Assets ------------------------------------------------------------------------------------


class AssetIn(InSchema):
    customer_id: uuid.UUID
    product_id: uuid.UUID
    batch_id: uuid.UUID | None = None
    serial_number: Annotated[Text, Field(max_length=100)] = ""
    owned_since: Day | None = None


class AssetPatch(PatchSchema):
    customer_id: uuid.UUID = Field(UNSET)
    product_id: uuid.UUID = Field(UNSET)
    batch_id: uuid.UUID | None = None
    serial_number: Text = Field(UNSET, max_length=100)
    owned_since: Day | None = None


class AssetOut(Schema):
    id: uuid.UUID
    customer_id: uuid.UUID
    product_id: uuid.UUID
    product_sku: str
    batch_id: uuid.UUID | None
    batch_lot_code: str | None
    serial_number: str
    owned_since: date | None
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_product_sku(obj: CustomerAsset) -> str:
        return obj.product.sku

    @staticmethod
    def resolve_batch_lot_code(obj: CustomerAsset) -> str | None:
        return obj.batch.lot_code if obj.batch is not None else None


class AssetQuery(PageQuery):
    customer_id: uuid.UUID | None = None
    product_id: uuid.UUID | None = None
    batch_id: uuid.UUID | None = None
    serial_number: Annotated[Text, Field(max_length=100)] | None = None


class AssetPage(Schema):
    items: list[AssetOut]
    next_cursor: str | None


# Touchpoints -------------------------------------------------------------------------------


class TouchpointIn(InSchema):
    slug: Slug
    name: Annotated[Text, Field(min_length=1, max_length=100)]
    description: LongText = ""
    position: Position = 0
    is_active: StrictBool = True


class TouchpointPatch(PatchSchema):
    slug: Slug = Field(UNSET)
    name: Text = Field(UNSET, min_length=1, max_length=100)
    description: LongText = Field(UNSET)
    position: Position = Field(UNSET)
    is_active: StrictBool = Field(UNSET)


class TouchpointOut(Schema):
    id: int
    slug: str
    name: str
    description: str
    position: int
    is_active: bool
    created_at: datetime
    updated_at: datetime


class TouchpointQuery(PageQuery):
    is_active: bool | None = None


class TouchpointPage(Schema):
    items: list[TouchpointOut]
    next_cursor: str | None
