from django.db import migrations

from outward.customers.touchpoints import DEFAULT_TOUCHPOINTS


def seed(apps, schema_editor):
    Touchpoint = apps.get_model("customers", "Touchpoint")
    for position, (slug, name, description) in enumerate(DEFAULT_TOUCHPOINTS, start=1):
        Touchpoint.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "position": position}
        )


def unseed(apps, schema_editor):
    Touchpoint = apps.get_model("customers", "Touchpoint")
    Touchpoint.objects.filter(slug__in=[slug for slug, _, _ in DEFAULT_TOUCHPOINTS]).delete()


class Migration(migrations.Migration):
    dependencies = [("customers", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
