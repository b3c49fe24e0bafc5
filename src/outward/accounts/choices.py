from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    MANAGER = "manager", "Manager"
    AGENT = "agent", "Agent"
    FIELD_TECHNICIAN = "field_technician", "Field technician"
    ANALYST = "analyst", "Analyst"
    EXECUTIVE = "executive", "Executive"


class TokenScope(models.TextChoices):
    READ = "read", "Read only"
    WRITE = "write", "Read and write"
