"""API v1 (django-ninja): placeholder until the API module lands."""

from ninja import NinjaAPI

api = NinjaAPI(title="Outward API", version="1")
