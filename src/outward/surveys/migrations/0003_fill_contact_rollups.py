"""Fill the customers' contact rollups (last heard from, last invited, last asked to the
relationship survey) from what is stored.

The same queries as `surveys.services.coverage.rebuild_contact_rollups`, written again on
purpose: a migration runs on the historical models, never on today's app code.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):  # noqa: ANN001, ANN201
    Customer = apps.get_model("customers", "Customer")
    FeedbackItem = apps.get_model("feedback", "FeedbackItem")
    Invitation = apps.get_model("surveys", "Invitation")
    latest_item = (
        FeedbackItem.objects.filter(customer=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    latest_mail = (
        Invitation.objects.filter(customer=OuterRef("pk"), sent_at__isnull=False)
        .order_by("-sent_at")
        .values("sent_at")[:1]
    )
    latest_ask = (
        Invitation.objects.filter(customer=OuterRef("pk"), survey__kind="relationship")
        .order_by("-invited_at")
        .values("invited_at")[:1]
    )
    Customer.objects.update(
        last_heard_at=Subquery(latest_item),
        last_invited_at=Subquery(latest_mail),
        last_asked_at=Subquery(latest_ask),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0003_contact_rollups"),
        ("feedback", "0003_feedback_tags"),
        ("surveys", "0002_distribution"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
