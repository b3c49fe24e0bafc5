"""Count the customer surveys' stored responses into the answer rollup (`AnswerDay`).

The same counting as `surveys.rollups.rebuild`, written again on purpose: a migration runs
on the historical models, never on today's app code.
"""

import json

from django.db import migrations
from django.utils import timezone


def fill(apps, schema_editor):  # noqa: ANN001, ANN201
    AnswerDay = apps.get_model("surveys", "AnswerDay")
    Question = apps.get_model("surveys", "Question")
    Response = apps.get_model("surveys", "Response")
    types: dict = {}
    for survey_id, key, kind in Question.objects.filter(
        survey__audience="customers"
    ).values_list("survey_id", "key", "type"):
        types.setdefault(survey_id, {})[key] = kind
    rows: dict = {}
    responses = Response.objects.filter(
        survey__audience="customers", completed_at__isnull=False
    ).values_list(
        "survey_id",
        "answers",
        "completed_at",
        "customer__segment",
        "customer__region",
        "feedback__touchpoint_id",
        "feedback__product_id",
    )
    for survey_id, answers, at, segment, region, touchpoint, product in responses.iterator(
        chunk_size=5000
    ):
        slices = (segment or "", region or "", touchpoint or 0, str(product or ""))
        day = timezone.localdate(at)
        asked = types.get(survey_id, {})
        keys = [("", "")]
        for key, value in (answers or {}).items():
            if key not in asked or value is None:
                continue
            if asked[key] == "text":
                keys.append((key, ""))
            elif isinstance(value, list):
                keys.append((key, json.dumps([str(v) for v in value])))
            else:
                keys.append((key, str(value)))
        for question, answer in keys:
            found = (survey_id, question, day, answer, *slices)
            rows[found] = rows.get(found, 0) + 1
    AnswerDay.objects.bulk_create(
        [
            AnswerDay(
                survey_id=survey_id,
                question=question,
                day=day,
                answer=answer,
                segment=segment,
                region=region,
                touchpoint_id=touchpoint,
                product_id=product,
                n=n,
            )
            for (survey_id, question, day, answer, segment, region, touchpoint, product), n in (
                rows.items()
            )
        ],
        batch_size=1000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("customers", "0003_contact_rollups"),
        ("feedback", "0005_imported_items_analysed_last"),
        ("surveys", "0005_answer_rollup"),
    ]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
