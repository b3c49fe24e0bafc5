from django.contrib import admin

from outward.customers.models import Customer, CustomerAsset, Product, ProductBatch, Touchpoint


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "email", "segment", "region", "status", "annual_value"]
    list_filter = ["kind", "status", "segment", "region", "contact_consent"]
    search_fields = ["name", "email", "external_id"]
    raw_id_fields = ["account"]


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):
    list_display = ["sku", "name", "category", "launched_on"]
    search_fields = ["sku", "name"]


@admin.register(ProductBatch)
class ProductBatchAdmin(admin.ModelAdmin):
    list_display = ["product", "lot_code", "manufactured_on", "quantity"]
    list_filter = ["product"]
    search_fields = ["lot_code"]


@admin.register(CustomerAsset)
class CustomerAssetAdmin(admin.ModelAdmin):
    list_display = ["customer", "product", "batch", "serial_number", "owned_since"]
    list_filter = ["product"]
    raw_id_fields = ["customer", "batch"]


@admin.register(Touchpoint)
class TouchpointAdmin(admin.ModelAdmin):
    list_display = ["position", "name", "slug", "is_active"]
    list_display_links = ["name"]
    ordering = ["position"]
