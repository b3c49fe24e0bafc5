"""Products, batches, assets and touchpoints through the API."""

from __future__ import annotations

import uuid

import pytest

from outward.customers.models import CustomerAsset, Product
from tests.api.conftest import ApiClient
from tests.factories import AssetFactory, BatchFactory, CustomerFactory, ProductFactory

pytestmark = pytest.mark.django_db


def test_create_and_read_a_product(api: ApiClient) -> None:
    created = api.post("/products", {"sku": "KETTLE-2", "name": "Kettle", "category": "kitchen"})

    response = api.get(f"/products/{created.body['id']}")

    assert created.status == 201
    assert response.body["sku"] == "KETTLE-2"


def test_duplicate_sku_is_a_conflict(api: ApiClient) -> None:
    ProductFactory.create(sku="KETTLE-2")

    response = api.post("/products", {"sku": "KETTLE-2", "name": "Kettle"})

    assert response.status == 409
    assert "sku" in response.body["errors"]


def test_patch_a_product(api: ApiClient) -> None:
    product = ProductFactory.create(name="Kettle")

    response = api.patch(f"/products/{product.pk}", {"name": "Kettle Pro"})

    assert response.body["name"] == "Kettle Pro"
    assert Product.objects.get(pk=product.pk).name == "Kettle Pro"


def test_list_products_by_category(api: ApiClient) -> None:
    kitchen = ProductFactory.create(category="kitchen")
    ProductFactory.create(category="garden")

    response = api.get("/products", category="kitchen")

    assert [p["id"] for p in response.body["items"]] == [str(kitchen.pk)]


def test_batch_answers_with_its_product_sku(api: ApiClient) -> None:
    product = ProductFactory.create(sku="KETTLE-2")

    response = api.post("/batches", {"product_id": str(product.pk), "lot_code": "L-1"})

    assert response.status == 201
    assert response.body["product_sku"] == "KETTLE-2"


def test_batch_of_an_unknown_product_is_422(api: ApiClient) -> None:
    response = api.post("/batches", {"product_id": str(uuid.uuid4()), "lot_code": "L-1"})

    assert response.status == 422
    assert list(response.body["errors"]) == ["product_id"]


def test_list_batches_of_a_product(api: ApiClient) -> None:
    batch = BatchFactory.create()
    BatchFactory.create()

    response = api.get("/batches", product_id=batch.product_id)

    assert [b["lot_code"] for b in response.body["items"]] == [batch.lot_code]


def test_patch_a_batch_quantity(api: ApiClient) -> None:
    batch = BatchFactory.create()

    response = api.patch(f"/batches/{batch.pk}", {"quantity": 500})

    assert response.body["quantity"] == 500


def test_create_an_asset_from_a_batch(api: ApiClient) -> None:
    customer = CustomerFactory.create()
    batch = BatchFactory.create(lot_code="L-9")

    response = api.post(
        "/assets",
        {
            "customer_id": str(customer.pk),
            "product_id": str(batch.product_id),
            "batch_id": str(batch.pk),
            "serial_number": "SN-1",
        },
    )

    assert response.status == 201
    assert response.body["batch_lot_code"] == "L-9"
    assert CustomerAsset.objects.filter(customer=customer).count() == 1


def test_asset_naming_an_unknown_batch_is_422(api: ApiClient) -> None:
    product = ProductFactory.create()

    response = api.post(
        "/assets",
        {
            "customer_id": str(CustomerFactory.create().pk),
            "product_id": str(product.pk),
            "batch_id": str(uuid.uuid4()),
        },
    )

    assert response.status == 422
    assert list(response.body["errors"]) == ["batch_id"]


def test_asset_with_a_batch_of_another_product_is_422(api: ApiClient) -> None:
    response = api.post(
        "/assets",
        {
            "customer_id": str(CustomerFactory.create().pk),
            "product_id": str(ProductFactory.create().pk),
            "batch_id": str(BatchFactory.create().pk),
        },
    )

    assert response.status == 422
    assert list(response.body["errors"]) == ["batch_id"]


def test_patch_an_asset_serial_number(api: ApiClient) -> None:
    asset = AssetFactory.create()

    response = api.patch(f"/assets/{asset.pk}", {"serial_number": "SN-NEW"})

    assert response.body["serial_number"] == "SN-NEW"


def test_list_assets_of_a_customer(api: ApiClient) -> None:
    asset = AssetFactory.create()
    AssetFactory.create()

    response = api.get("/assets", customer_id=asset.customer_id)

    assert [a["id"] for a in response.body["items"]] == [str(asset.pk)]


def test_create_read_and_patch_a_touchpoint(api: ApiClient) -> None:
    created = api.post("/touchpoints", {"slug": "returns", "name": "Returns", "position": 9})

    patched = api.patch("/touchpoints/returns", {"is_active": False})

    assert created.status == 201
    assert patched.body["is_active"] is False
    assert api.get("/touchpoints/returns").body["name"] == "Returns"


def test_list_touchpoints_in_journey_order(api: ApiClient) -> None:
    response = api.get("/touchpoints", is_active="true")

    positions = [t["position"] for t in response.body["items"]]
    assert positions == sorted(positions)
    assert "support" in {t["slug"] for t in response.body["items"]}
