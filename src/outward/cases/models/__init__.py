"""The cases app's tables: cases and their timeline, the empowerment policy and remedies
granted under it, and the promise ledger."""

from outward.cases.models.cases import Case, CaseEvent, CaseQuerySet, SlaPolicy
from outward.cases.models.promises import Promise, PromiseDay
from outward.cases.models.remedies import PolicyRule, PolicyVersion, Remedy

__all__ = [
    "Case",
    "CaseEvent",
    "CaseQuerySet",
    "PolicyRule",
    "PolicyVersion",
    "Promise",
    "PromiseDay",
    "Remedy",
    "SlaPolicy",
]
