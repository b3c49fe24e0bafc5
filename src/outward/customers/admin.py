"""The back office writes customers and the catalogue through the customers' services."""

from django.contrib import admin

from outward.core.admin_services import ServiceAdmin
from outward.customers import services
from outward.customers.models import Customer, CustomerAsset, Product, ProductBatch, Touchpoint


@admin.register(Customer)
class CustomerAdmin(ServiceAdmin):
    create_service = services.create_customer
    update_service = services.update_customer
    list_display = ["name", "kind", "email", "segment", "region", "status", "annual_value"]
    list_filter = ["kind", "status", "segment", "region", "contact_consent"]
    search_fields = ["name", "email", "external_id"]
    raw_id_fields = ["account"]
    readonly_fields = ["last_heard_at", "last_invited_at", "last_asked_at"]


@admin.register(Product)
class ProductAdmin(ServiceAdmin):
    create_service = services.create_product
    update_service = services.update_product
    list_display = ["sku", "name", "category", "launched_on"]
    search_fields = ["sku", "name"]


@admin.register(ProductBatch)
class ProductBatchAdmin(ServiceAdmin):
    create_service = services.create_batch
    update_service = services.update_batch
    list_display = ["product", "lot_code", "manufactured_on", "quantity"]
    list_filter = ["product"]
    search_fields = ["lot_code"]


@admin.register(CustomerAsset)
class CustomerAssetAdmin(ServiceAdmin):
    create_service = services.create_asset
    update_service = services.update_asset
    list_display = ["customer", "product", "batch", "serial_number", "owned_since"]
    list_filter = ["product"]
    raw_id_fields = ["customer", "batch"]


@admin.register(Touchpoint)
class TouchpointAdmin(ServiceAdmin):
    create_service = services.create_touchpoint
    update_service = services.update_touchpoint
    list_display = ["position", "name", "slug", "is_active"]
    list_display_links = ["name"]
    ordering = ["position"]
