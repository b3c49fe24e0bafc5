"""The SLA targets per priority and a first empowerment policy (version 1), so cases work
out of the box; managers change both on the policy page."""

from decimal import Decimal

from django.db import migrations

SLA = [("urgent", 1, 8), ("high", 4, 24), ("normal", 8, 40), ("low", 16, 80)]

# role, remedy, per case, per customer (90 days), approver
RULES = [
    ("agent", "refund", 50, 150, "manager"),
    ("agent", "credit", 100, 300, "manager"),
    ("agent", "discount", 50, 150, "manager"),
    ("agent", "fee_waiver", 50, 100, "manager"),
    ("agent", "expedited", 30, 100, "manager"),
    ("field_technician", "visit", 200, 400, "manager"),
    ("field_technician", "replacement", 150, 300, "manager"),
    ("manager", "refund", 500, 1500, "admin"),
    ("manager", "credit", 1000, 3000, "admin"),
    ("manager", "discount", 500, 1500, "admin"),
    ("manager", "fee_waiver", 300, 600, "admin"),
    ("manager", "expedited", 200, 600, "admin"),
    ("manager", "replacement", 1000, 2000, "admin"),
    ("manager", "visit", 500, 1000, "admin"),
    ("manager", "custom", 200, 400, "admin"),
]


def seed(apps, schema_editor):
    SlaPolicy = apps.get_model("cases", "SlaPolicy")
    PolicyVersion = apps.get_model("cases", "PolicyVersion")
    PolicyRule = apps.get_model("cases", "PolicyRule")
    for priority, response, resolution in SLA:
        SlaPolicy.objects.get_or_create(
            priority=priority,
            defaults={"first_response_hours": response, "resolution_hours": resolution},
        )
    if PolicyVersion.objects.exists():
        return
    version = PolicyVersion.objects.create(number=1, note="Initial policy", is_current=True)
    PolicyRule.objects.bulk_create(
        PolicyRule(version=version, role=role, kind=kind, per_case=Decimal(case),
                   per_customer=Decimal(customer), period_days=90, approver_role=approver)
        for role, kind, case, customer, approver in RULES
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
