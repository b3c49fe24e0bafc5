from django.db import models


class RunStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    FITTING = "fitting", "Finding themes"
    SWITCHING = "switching", "Writing results"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


ACTIVE_RUN_STATUSES = (RunStatus.QUEUED, RunStatus.FITTING, RunStatus.SWITCHING)


class ThemeKind(models.TextChoices):
    ISSUE = "issue", "Issue"
    PRAISE = "praise", "Praise"


class ThemeOrigin(models.TextChoices):
    ENGINE = "engine", "Found by the engine"
    RULE = "rule", "Rule (phrases or pattern)"


class EditAction(models.TextChoices):
    RENAME = "rename", "Renamed"
    HIDE = "hide", "Hidden"
    SHOW = "show", "Shown again"
    PIN = "pin", "Pinned"
    UNPIN = "unpin", "Unpinned"
    MERGE = "merge", "Merged into another theme"
    SPLIT = "split", "Split by key phrase"
    RULE = "rule", "Rule theme added"
    RULE_CHANGE = "rule_change", "Rule changed"


class RecallStatus(models.TextChoices):
    OPEN = "open", "Open"
    DECIDED = "decided", "Decided"


class RecallDecision(models.TextChoices):
    RECALL = "recall", "Recall"
    FIX = "fix", "Fix (repair or replace for affected owners)"
    NO_ACTION = "no_action", "No action"
