"""Forms of the import pages: the upload, the column mapping, a saved preset."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from outward.feedback.choices import Source
from outward.imports.mapping import (
    BUILTIN_PRESETS,
    FIELDS,
    FIELDS_BY_NAME,
    ColumnMapping,
    TargetField,
)
from outward.imports.models import ImportPreset

AUTO = ""
PREFIX = "col_"  # the form's inputs for columns: col_text, col_text_2, col_tags_3, ...


def preset_choices() -> list[tuple[str, str]]:
    choices = [(AUTO, "Recognise it from the columns")]
    choices += [(key, p.name) for key, p in BUILTIN_PRESETS.items()]
    choices += [(str(p.pk), p.name) for p in ImportPreset.objects.order_by("name")]
    return choices


class UploadForm(forms.Form):
    file = forms.FileField(
        help_text="CSV, Excel (.xlsx) or JSON lines (.jsonl), with a header row; "
        "up to the size your administrator allows.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.tsv,.xlsx,.jsonl,.ndjson"}),
    )
    preset = forms.ChoiceField(required=False, label="Column mapping")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preset"].choices = preset_choices()  # type: ignore[attr-defined]


def _slot_name(target: TargetField, slot: int) -> str:
    return PREFIX + target.name + (f"_{slot}" if slot > 1 else "")


def _slots() -> list[tuple[str, TargetField, int]]:
    """(input name, target field, slot number from 1) for every column input."""
    return [
        (_slot_name(target, slot), target, slot)
        for target in FIELDS
        for slot in range(1, target.slots + 1)
    ]


def _label(target: TargetField, slot: int) -> tuple[str, str]:
    if slot == 1:
        return target.label, target.help
    if target.name == "text":
        return "Text, second column", "Optional; joined to the first."
    return f"{target.label}, column {slot}", "Optional."


class _MappingFields:
    """Shared by both forms: one input per target field (two for the text)."""

    fields: dict[str, forms.Field]

    def mapping(self, cleaned: dict[str, Any]) -> ColumnMapping:
        mapping: ColumnMapping = {}
        for name, target, _ in _slots():
            if column := cleaned.get(name) or "":
                mapping.setdefault(target.name, []).append(column)
        return mapping

    def field_rows(self) -> list[Any]:
        return [self[name] for name, _, _ in _slots()]  # type: ignore[index]


def _initial(mapping: ColumnMapping) -> dict[str, str]:
    initial: dict[str, str] = {}
    for name, columns in mapping.items():
        target = FIELDS_BY_NAME.get(name)
        for slot, column in enumerate(columns[: target.slots if target else 0], start=1):
            initial[_slot_name(target, slot)] = column  # type: ignore[arg-type]
    return initial


class MappingForm(_MappingFields, forms.Form):
    """The mapping of one uploaded file: each field picks one of its columns."""

    source = forms.ChoiceField(choices=Source.choices, help_text="For rows without a source.")
    id_prefix = forms.SlugField(
        max_length=30,
        label="Id prefix",
        help_text="Keeps ids of different systems apart (ticket 123 of one help desk is not "
        "ticket 123 of another).",
    )
    save_as = forms.CharField(
        max_length=100, required=False, label="Save this mapping as a preset named"
    )

    def __init__(
        self, *args: Any, header: Sequence[str], mapping: ColumnMapping, **kwargs: Any
    ) -> None:
        kwargs.setdefault("initial", {}).update(_initial(mapping))
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *((c, c) for c in header)]
        for name, target, slot in _slots():
            label, help_text = _label(target, slot)
            self.fields[name] = forms.ChoiceField(
                choices=choices, required=False, label=label, help_text=help_text
            )


class PresetForm(_MappingFields, forms.Form):
    """A saved preset: its name, source, id prefix and column names typed in."""

    name = forms.CharField(max_length=100)
    source = forms.ChoiceField(choices=Source.choices)
    id_prefix = forms.SlugField(max_length=30, label="Id prefix")

    def __init__(self, *args: Any, preset: ImportPreset, **kwargs: Any) -> None:
        initial = {"name": preset.name, "source": preset.source, "id_prefix": preset.id_prefix}
        initial.update(_initial(preset.mapping))
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        for name, target, slot in _slots():
            label, _ = _label(target, slot)
            self.fields[name] = forms.CharField(
                max_length=255,
                required=False,
                label=label,
                help_text="The column's name in the file.",
            )
