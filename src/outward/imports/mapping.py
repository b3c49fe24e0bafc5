"""Which column of an imported file fills which field of a feedback item.

Free of Django (like the analytics core it borrows `normalise` from), so the CLI, the upload
page and the tests share one definition. A mapping is a dict: target field -> column names
(two for the text, e.g. Subject and Description, joined; one for the others). Column names
are compared after normalisation ("Created at" = "created_at" = "CreatedAt").

Built-in presets describe real exports: Zendesk tickets (the CSV export and the JSON export),
Freshdesk tickets (the CSV export of the ticket list and the API's JSON) and the CFPB
consumer-complaint database (its CSV and its API's JSON). A help desk's channel column (Via,
Source, Submitted via) is not mapped to our touchpoints, whose names differ: it stays in raw.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from outward.analytics.columns import normalise

ColumnMapping = dict[str, list[str]]
TAG_COLUMNS = 5
# Fields of which a row needs at least one: something the customer said or rated, or at
# least what it was about (a CFPB complaint whose narrative was withheld keeps its issue).
CONTENT_FIELDS = ("text", "nps", "csat", "ces", "rating", "tags")


@dataclass(frozen=True)
class TargetField:
    name: str
    label: str
    help: str
    slots: int = 1  # how many columns may fill it (2 for the text)


FIELDS: tuple[TargetField, ...] = (
    TargetField("text", "Text", "A second column (e.g. Description) is joined to the first.", 2),
    TargetField("external_id", "Id", "The row's id where it comes from; re-imports match on it."),
    TargetField("occurred_at", "Date", "When the customer said it (date or date and time)."),
    TargetField("customer_external_id", "Customer id", "Our id of the customer (CRM id)."),
    TargetField("customer_email", "Customer e-mail", "Finds or creates the customer."),
    TargetField("customer_name", "Customer name", "Fills in a new or nameless customer."),
    TargetField("segment", "Segment", "Fills in the customer's segment when missing."),
    TargetField("region", "Region", "Fills in the customer's region when missing."),
    TargetField("nps", "NPS (0-10)", "Likelihood to recommend, 0 to 10."),
    TargetField("csat", "CSAT (1-5)", "Satisfaction 1 to 5 (Good/Bad are read as 5/1)."),
    TargetField("ces", "CES (1-7)", "Customer effort, 1 to 7."),
    TargetField("rating", "Star rating (1-5)", "Stored as CSAT when there is no CSAT column."),
    TargetField("touchpoint", "Touchpoint", "A touchpoint's slug or name."),
    TargetField("product", "Product", "A product's SKU or name."),
    TargetField("batch", "Batch (lot)", "The lot code of a batch of the product."),
    TargetField("language", "Language", "A language tag such as en or pt-BR (default en)."),
    TargetField("source", "Source", "ticket, review, forum, ... (default: the import's)."),
    TargetField(
        "tags",
        "Tags",
        "Categories the source gives (Product, Issue, ...): each cell is one tag; a column "
        "named Tags holds a list (comma- or space-separated).",
        TAG_COLUMNS,
    ),
)
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
FIELDS_BY_NAME: dict[str, TargetField] = {f.name: f for f in FIELDS}


@dataclass(frozen=True)
class BuiltinPreset:
    """A known export: how to recognise its header, and its columns per field.

    `columns` gives, per field, its slots; each slot lists alternative column names (the
    CSV and the JSON export of the same system name them differently), first present wins.
    """

    key: str
    name: str
    source: str
    description: str
    signatures: tuple[frozenset[str], ...]
    columns: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)

    @property
    def id_prefix(self) -> str:
        return self.key


def _sig(*names: str) -> frozenset[str]:
    return frozenset(normalise(n) for n in names)


BUILTIN_PRESETS: dict[str, BuiltinPreset] = {
    preset.key: preset
    for preset in (
        BuiltinPreset(
            key="zendesk",
            name="Zendesk tickets",
            source="ticket",
            description="Zendesk's ticket export: CSV (Id, Requester, Subject, Created at, "
            "Satisfaction Score, ...) or JSON lines (id, subject, description, created_at).",
            signatures=(
                _sig("Id", "Requester", "Subject", "Created at"),
                _sig("id", "raw_subject", "requester_id", "created_at"),
            ),
            columns={
                "text": (("Subject",), ("Description",)),
                "external_id": (("Id",),),
                "occurred_at": (("Created at",),),
                "customer_external_id": (("Requester external id",),),
                "customer_email": (("Requester email",),),
                "customer_name": (("Requester",),),
                "csat": (("Satisfaction Score", "satisfaction_rating.score"),),
                "tags": (("Tags", "tags"),),
            },
        ),
        BuiltinPreset(
            key="freshdesk",
            name="Freshdesk tickets",
            source="ticket",
            description="Freshdesk's ticket export: CSV (Ticket ID, Subject, Description, "
            "Created time, Full name, Email, ...) or the API's JSON (id, subject, "
            "description_text, created_at).",
            signatures=(
                _sig("Ticket ID", "Subject", "Created time"),
                _sig("id", "description_text", "requester_id", "created_at"),
            ),
            columns={
                "text": (("Subject",), ("description_text", "Description")),
                "external_id": (("Ticket ID", "id"),),
                "occurred_at": (("Created time", "created_at"),),
                "customer_external_id": (("Unique External ID",),),
                "customer_email": (("Email", "requester.email"),),
                "customer_name": (("Full name", "requester.name"),),
                "language": (("Language",),),
                "tags": (("Tags", "tags"), ("Type", "type")),
            },
        ),
        BuiltinPreset(
            key="cfpb",
            name="CFPB consumer complaints",
            source="ticket",
            description="The CFPB consumer-complaint database: its CSV (Date received, "
            "Product, Issue, Consumer complaint narrative, State, Complaint ID, ...) or its "
            "API's JSON (date_received, complaint_what_happened, complaint_id).",
            signatures=(
                _sig("Date received", "Consumer complaint narrative", "Complaint ID"),
                _sig("date_received", "complaint_what_happened", "complaint_id"),
            ),
            columns={
                "text": (("Consumer complaint narrative", "complaint_what_happened"),),
                "external_id": (("Complaint ID",),),
                "occurred_at": (("Date received",),),
                "region": (("State",),),
                "tags": (
                    ("Product", "product"),
                    ("Sub-product", "sub_product"),
                    ("Issue", "issue"),
                    ("Sub-issue", "sub_issue"),
                ),
            },
        ),
    )
}

# Common names per field for files no preset recognises, best first.
CANDIDATES: dict[str, tuple[str, ...]] = {
    "text": (
        "text",
        "feedback",
        "comment",
        "comments",
        "review text",
        "review",
        "verbatim",
        "body",
        "description",
        "message",
        "content",
        "narrative",
        "utterance",
        "tweet",
        "complaint",
        "response",
        "answer",
    ),
    "external_id": (
        "id",
        "external id",
        "feedback id",
        "ticket id",
        "review id",
        "tweet id",
        "response id",
        "case id",
        "complaint id",
    ),
    "occurred_at": (
        "occurred at",
        "date",
        "created at",
        "created",
        "created time",
        "timestamp",
        "submitted at",
        "date received",
        "review date",
        "datetime",
        "time",
    ),
    "customer_external_id": (
        "customer id",
        "customer external id",
        "client id",
        "account id",
        "user id",
        "author id",
        "requester external id",
    ),
    "customer_email": (
        "customer email",
        "email",
        "e-mail",
        "email address",
        "requester email",
        "user email",
    ),
    "customer_name": ("customer name", "customer", "name", "full name", "requester", "author"),
    "segment": ("segment", "customer segment", "tier"),
    "region": ("region", "country", "state"),
    "nps": ("nps", "nps score", "likelihood to recommend"),
    "csat": ("csat", "satisfaction", "satisfaction score"),
    "ces": ("ces", "customer effort", "effort"),
    "rating": ("rating", "stars", "star rating"),
    "touchpoint": ("touchpoint", "journey stage"),
    "product": ("sku", "product sku", "product code"),
    "batch": ("batch", "lot", "lot code", "batch number", "lot number"),
    "language": ("language", "lang", "locale"),
    "source": ("feedback source",),
    "tags": ("tags", "labels", "category", "categories"),
}


def detect_preset(header: Sequence[str]) -> BuiltinPreset | None:
    """The built-in preset whose signature columns the header holds, if any."""
    present = {normalise(c) for c in header}
    for preset in BUILTIN_PRESETS.values():
        if any(signature <= present for signature in preset.signatures):
            return preset
    return None


def guess_mapping(header: Sequence[str], preset: BuiltinPreset | None = None) -> ColumnMapping:
    """The mapping for a file with this header: the preset's columns, else common names.

    A column is never used for two fields. With a preset, only its columns are mapped, so
    a help desk's Product or Source column is not mistaken for ours.
    """
    by_norm: dict[str, str] = {}
    for column in header:
        by_norm.setdefault(normalise(column), column)
    taken: set[str] = set()
    mapping: ColumnMapping = {}

    def claim(name: str) -> str | None:
        column = by_norm.get(normalise(name))
        if column is None or column in taken:
            return None
        taken.add(column)
        return column

    if preset is not None:
        for target, slots in preset.columns.items():
            found: list[str] = []
            for alternatives in slots:
                picked = next((c for c in map(claim, alternatives) if c), None)
                if picked:
                    found.append(picked)
            if found:
                mapping[target] = found
        return mapping
    for target, names in CANDIDATES.items():
        guessed = next((c for c in map(claim, names) if c), None)
        if guessed:
            mapping[target] = [guessed]
    return mapping


def clean_mapping(
    raw: Mapping[str, Iterable[str] | str | None], header: Sequence[str]
) -> tuple[ColumnMapping, dict[str, str]]:
    """A mapping with only known fields and non-empty names, and the problems found, per field:
    a column missing from the header, a column used twice, more columns than the field takes,
    no column of content (text, a score or tags)."""
    mapping: ColumnMapping = {}
    problems: dict[str, str] = {}
    used: dict[str, str] = {}
    available = set(header)
    for name, value in raw.items():
        if name not in FIELDS_BY_NAME:
            problems[name] = f'unknown field "{name}"; one of {", ".join(FIELD_NAMES)}'
            continue
        columns = [value] if isinstance(value, str) else list(value or [])
        columns = [c for c in (str(c).strip() for c in columns) if c]
        if not columns:
            continue
        if len(columns) > FIELDS_BY_NAME[name].slots:
            problems[name] = f"at most {FIELDS_BY_NAME[name].slots} column(s)"
            continue
        for column in columns:
            if column not in available:
                problems[name] = f'no column "{column}" in the file'
            elif column in used and used[column] != name:
                problems[name] = f'column "{column}" is already used for {used[column]}'
            used.setdefault(column, name)
        if name not in problems:
            mapping[name] = columns
    if not any(name in mapping or name in problems for name in CONTENT_FIELDS):
        problems["text"] = "choose the column that holds the text (or the scores or tags)"
    return mapping, problems
