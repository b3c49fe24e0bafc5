from django.db import models


class CaseStatus(models.TextChoices):
    NEW = "new", "New"
    OPEN = "open", "Open"
    WAITING = "waiting", "Waiting on the customer"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


ACTIVE_STATUSES = (CaseStatus.NEW, CaseStatus.OPEN, CaseStatus.WAITING)


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


class CaseOrigin(models.TextChoices):
    FEEDBACK = "feedback", "Feedback"
    ALERT = "alert", "Alert"
    PROMISE = "promise", "Broken promise"
    MANUAL = "manual", "By hand"


class Resolution(models.TextChoices):
    """How a case ended, tied to the root-cause classes of the analysis."""

    FIXED_DEFECT = "fixed_defect", "Product defect fixed or replaced"
    EXPECTATION_RESET = "expectation_reset", "Expectation set right (marketing promise)"
    DIRECTIONS_CLARIFIED = "directions_clarified", "Directions clarified"
    PROCESS_FIXED = "process_fixed", "Process failure put right (lead time, deadline)"
    PROMISE_KEPT = "promise_kept", "Broken promise made good"
    STAFF_COACHED = "staff_coached", "Staff coached"
    NO_ACTION = "no_action", "No action needed"
    DUPLICATE = "duplicate", "Duplicate"
    CUSTOMER_LEFT = "customer_left", "Customer left"


class EventKind(models.TextChoices):
    OPENED = "opened", "Opened"
    ASSIGNED = "assigned", "Assigned"
    STATUS = "status", "Status changed"
    PRIORITY = "priority", "Priority changed"
    NOTE = "note", "Note"
    NEXT_STEP = "next_step", "Next step set"
    EMAIL = "email", "E-mail to the customer"
    REMEDY = "remedy", "Remedy"
    PROMISE = "promise", "Promise"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"
    REOPENED = "reopened", "Reopened"
    SURVEY = "survey", "Survey sent"


class RemedyKind(models.TextChoices):
    REFUND = "refund", "Refund"
    CREDIT = "credit", "Credit on account"
    REPLACEMENT = "replacement", "Replacement"
    DISCOUNT = "discount", "Discount"
    FEE_WAIVER = "fee_waiver", "Fee waiver"
    EXPEDITED = "expedited", "Expedited shipping"
    VISIT = "visit", "On-site visit"
    CUSTOM = "custom", "Other gesture"


class RemedyStatus(models.TextChoices):
    GRANTED = "granted", "Granted"
    PENDING = "pending", "Waiting for approval"
    APPROVED = "approved", "Approved"
    REJECTED = "rejected", "Rejected"


COUNTED_REMEDIES = (RemedyStatus.GRANTED, RemedyStatus.APPROVED)
"""What counts against a limit: remedies given, not those asked for or refused."""


class PromiseKind(models.TextChoices):
    CALL_BACK = "call_back", "Call back"
    DELIVERY = "delivery", "Delivery date"
    FIX = "fix", "Fix date"
    FOLLOW_UP = "follow_up", "Follow-up"
    VISIT = "visit", "Visit"
    OTHER = "other", "Other"


class PromiseStatus(models.TextChoices):
    OPEN = "open", "Open"
    KEPT = "kept", "Kept"
    BROKEN = "broken", "Broken"
