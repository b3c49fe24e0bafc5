"""Read queries behind the people page: teams, their members and the skills inventory.

The inventory takes a constant number of queries whatever the number of people: teams, skills,
the people (with their team), their skill entries (one prefetch) and the coverage counts.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q

from outward.accounts.models import Skill, Team, User, UserSkill

# Levels from which someone counts as able to take a case alone, and as an expert to ask.
CAPABLE_LEVEL = 3
EXPERT_LEVEL = 4


@dataclass(frozen=True)
class Cell:
    skill: Skill
    entry: UserSkill | None  # None: the person does not hold the skill


@dataclass(frozen=True)
class PersonRow:
    person: User
    is_lead: bool
    cells: list[Cell]


@dataclass(frozen=True)
class TeamGroup:
    team: Team | None  # None: people in no team
    people: list[PersonRow]


@dataclass(frozen=True)
class Coverage:
    skill: Skill
    capable: int  # people at CAPABLE_LEVEL or above
    experts: int  # people at EXPERT_LEVEL or above


@dataclass(frozen=True)
class Inventory:
    skills: list[Skill]
    groups: list[TeamGroup]
    coverage: list[Coverage]
    people_count: int

    @property
    def gaps(self) -> list[Skill]:
        """Skills that nobody in scope holds at the expert level."""
        return [c.skill for c in self.coverage if c.experts == 0]


def teams() -> list[Team]:
    return list(Team.objects.all())


def skills() -> list[Skill]:
    return list(Skill.objects.all())


def person(pk: int) -> User | None:
    """An active employee with their skill entries, or None."""
    entries = UserSkill.objects.select_related("skill").order_by("skill__name")
    found = (
        User.objects.filter(pk=pk, is_active=True)
        .select_related("team")
        .prefetch_related(Prefetch("skills", queryset=entries))
    )
    return found.first()


def inventory(
    *,
    all_teams: list[Team],
    all_skills: list[Skill],
    team_id: int | None = None,
    skill_id: int | None = None,
    min_level: int | None = None,
) -> Inventory:
    """Active employees grouped by team, with their level in every skill.

    `skill_id` (with `min_level`, 1 when not given) keeps only the people holding that skill at
    that level or above. Coverage counts everyone in the team scope, whatever the skill filter,
    so that it answers "how many could we call on", not "how many are listed".
    """
    in_scope = User.objects.filter(is_active=True)
    if team_id is not None:
        in_scope = in_scope.filter(team_id=team_id)
    people = in_scope
    if skill_id is not None:
        people = people.filter(skills__skill_id=skill_id, skills__level__gte=min_level or 1)
    people = people.order_by("last_name", "first_name", "username").prefetch_related(
        Prefetch(
            "skills",
            queryset=UserSkill.objects.only(
                "user_id", "skill_id", "level", "verified_on"
            ).order_by(),
        )
    )

    # The skill filtered on comes first, so that its column is in view on any screen.
    all_skills = sorted(all_skills, key=lambda skill: skill.pk != skill_id)
    skills_by_id = {skill.pk: skill for skill in all_skills}
    rows_by_team: dict[int | None, list[PersonRow]] = {}
    leads = {team.lead_id for team in all_teams if team.lead_id is not None}
    for employee in people:
        held = {entry.skill_id: entry for entry in employee.skills.all()}
        cells = [Cell(skill, held.get(skill.pk)) for skill in all_skills]
        row = PersonRow(person=employee, is_lead=employee.pk in leads, cells=cells)
        rows_by_team.setdefault(employee.team_id, []).append(row)

    shown_teams: list[Team | None] = [
        team for team in all_teams if team_id is None or team.pk == team_id
    ]
    if team_id is None and None in rows_by_team:
        shown_teams.append(None)
    groups = []
    for team in shown_teams:
        rows = rows_by_team.get(team.pk if team else None, [])
        # A team's lead comes first; the rest keep the alphabetical order.
        rows.sort(key=lambda row: not row.is_lead)
        if rows or skill_id is None:
            groups.append(TeamGroup(team=team, people=rows))

    counts = (
        UserSkill.objects.filter(user__in=in_scope)
        .values("skill_id")
        .annotate(
            capable=Count("id", filter=Q(level__gte=CAPABLE_LEVEL)),
            experts=Count("id", filter=Q(level__gte=EXPERT_LEVEL)),
        )
        .order_by()
    )
    by_skill = {row["skill_id"]: row for row in counts}
    coverage = [
        Coverage(
            skill=skills_by_id[pk],
            capable=by_skill.get(pk, {}).get("capable", 0),
            experts=by_skill.get(pk, {}).get("experts", 0),
        )
        for pk in skills_by_id
    ]
    return Inventory(
        skills=all_skills,
        groups=groups,
        coverage=coverage,
        people_count=sum(len(group.people) for group in groups),
    )
