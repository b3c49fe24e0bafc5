"""Employees' roles. What each role may do is the matrix in `core.permissions`, and only
there; this module holds just the names, so models can use them before the apps load."""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    MANAGER = "manager", "Manager"
    AGENT = "agent", "Agent"
    FIELD_TECHNICIAN = "field_technician", "Field technician"
    ANALYST = "analyst", "Analyst"
    EXECUTIVE = "executive", "Executive"
