"""Forms of the import pages: the upload, the column mapping, a saved preset."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms

from outward.feedback.choices import Source
from outward.imports.mapping import BUILTIN_PRESETS, FIELDS, ColumnMapping
from outward.imports.models import ImportPreset

AUTO = ""
PREFIX = "col_"  # the form's inputs for columns: col_text, col_source, ...
SECOND_TEXT = "text_2"


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


def _field_names() -> list[str]:
    names = []
    for target in FIELDS:
        names.append(PREFIX + target.name)
        if target.slots == 2:
            names.append(PREFIX + SECOND_TEXT)
    return names


def _target(name: str) -> Any:
    return next((f for f in FIELDS if PREFIX + f.name == name), None)


class _MappingFields:
    """Shared by both forms: one input per target field (two for the text)."""

    fields: dict[str, forms.Field]

    def mapping(self, cleaned: dict[str, Any]) -> ColumnMapping:
        mapping: ColumnMapping = {}
        for target in FIELDS:
            columns = [cleaned.get(PREFIX + target.name) or ""]
            if target.slots == 2:
                columns.append(cleaned.get(PREFIX + SECOND_TEXT) or "")
            columns = [c for c in columns if c]
            if columns:
                mapping[target.name] = columns
        return mapping

    def field_rows(self) -> list[Any]:
        return [self[name] for name in _field_names()]  # type: ignore[index]


def _initial(mapping: ColumnMapping) -> dict[str, str]:
    initial: dict[str, str] = {}
    for name, columns in mapping.items():
        if columns:
            initial[PREFIX + name] = columns[0]
        if name == "text" and len(columns) > 1:
            initial[PREFIX + SECOND_TEXT] = columns[1]
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
        for name in _field_names():
            target = _target(name)
            self.fields[name] = forms.ChoiceField(
                choices=choices,
                required=False,
                label=target.label if target else "Text, second column",
                help_text=target.help if target else "Optional; joined to the first.",
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
        for name in _field_names():
            target = _target(name)
            self.fields[name] = forms.CharField(
                max_length=255,
                required=name == PREFIX + "text",
                label=target.label if target else "Text, second column",
                help_text="The column's name in the file.",
            )
