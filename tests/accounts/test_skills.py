"""The skills inventory services: setting a level and taking a skill off someone."""

from __future__ import annotations

from datetime import date

import pytest

from outward.accounts.models import UserSkill
from outward.accounts.services import remove_skill, set_skill_level
from outward.core.errors import ValidationError
from tests.factories import SkillFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_setting_a_level_twice_keeps_one_entry_with_the_latest_level() -> None:
    user, skill = UserFactory.create(), SkillFactory.create()

    set_skill_level(user=user, skill=skill, level=2)
    set_skill_level(user=user, skill=skill, level=4, verified_on=date(2025, 3, 1))

    entry = UserSkill.objects.get(user=user, skill=skill)
    assert (entry.level, entry.verified_on) == (4, date(2025, 3, 1))


@pytest.mark.parametrize("level", [0, 6, -1])
def test_level_outside_1_to_5_is_refused(level: int) -> None:
    user, skill = UserFactory.create(), SkillFactory.create()

    with pytest.raises(ValidationError) as raised:
        set_skill_level(user=user, skill=skill, level=level)

    assert "level" in raised.value.field_errors
    assert not UserSkill.objects.exists()


def test_removing_a_skill_takes_only_that_skill_off_that_person() -> None:
    user, other = UserFactory.create(), UserFactory.create()
    skill, kept = SkillFactory.create(), SkillFactory.create()
    set_skill_level(user=user, skill=skill, level=3)
    set_skill_level(user=user, skill=kept, level=3)
    set_skill_level(user=other, skill=skill, level=3)

    removed = remove_skill(user=user, skill=skill)

    assert removed is True
    left = set(UserSkill.objects.values_list("user_id", "skill_id"))
    assert left == {(user.pk, kept.pk), (other.pk, skill.pk)}


def test_removing_a_skill_nobody_holds_says_so() -> None:
    assert remove_skill(user=UserFactory.create(), skill=SkillFactory.create()) is False
