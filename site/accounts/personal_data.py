"""Everything the platform holds about one person: the registry through which each app that
owns personal data says how to export it and how to erase it.

`madafe.accounts` orchestrates (the "Download my data" and "Delete my account" pages) and
never imports the apps that register here: each app registers its own section from its
`AppConfig.ready()`:

    from madafe.accounts.personal_data import register

    register(
        "organisations",
        title=_("Associations"),
        export=export_memberships,   # user -> dict | list of dicts (JSON-serialisable)
        erase=erase_memberships,     # user -> None; deletes the rows for real
        labels={"role": _("Role"), ...},
    )

An exporter returns plain values: strings, numbers, booleans, None, dates and datetimes,
lists and dicts of those, and `Coded(value, label)` for a stored code whose meaning the
person should read in words (JSON gets the code, the HTML page the label). `labels` maps
every key the exporter uses (nested ones too) to the words the HTML page shows.

An eraser deletes its app's rows for the user and, for any file it stored for them, calls
`delete_files_after_commit`: files go only once the deletion is committed, so a rollback
never leaves rows pointing at missing files. Erasers run in one transaction, in the reverse
of the order in which apps registered (INSTALLED_APPS order), so an app higher in the
dependency chain removes its rows before the rows they point at; the account itself goes
last.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.utils import timezone

ExportFn = Callable[[Any], Any]
EraseFn = Callable[[Any], None]

FORMAT_NAME = "madafe-personal-data"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Coded:
    """A stored code (e.g. a role) with the words that explain it. JSON carries `value`;
    the readable page shows `label`."""

    value: Any
    label: Any

    def __str__(self) -> str:
        return str(self.label)


@dataclass(frozen=True)
class Section:
    key: str
    title: Any
    export: ExportFn
    erase: EraseFn | None
    labels: Mapping[str, Any] = field(default_factory=dict)
    description: Any = ""


_sections: dict[str, Section] = {}


def register(
    key: str,
    *,
    title,
    export: ExportFn,
    erase: EraseFn | None,
    labels: Mapping[str, Any] | None = None,
    description="",
) -> Section:
    """Register (or replace, when an app is reloaded) the section `key`."""
    section = Section(
        key=key,
        title=title,
        export=export,
        erase=erase,
        labels=dict(labels or {}),
        description=description,
    )
    _sections[key] = section
    return section


def unregister(key: str) -> None:
    """Remove a section (tests use it to register a stand-in and take it away)."""
    _sections.pop(key, None)


def sections() -> list[Section]:
    """Every registered section, the account first, then in registration order."""
    ordered = list(_sections.values())
    ordered.sort(key=lambda section: section.key != "account")
    return ordered


def registered_keys() -> list[str]:
    return [section.key for section in sections()]


# --- Export ---------------------------------------------------------------------------------


def collect(user) -> dict[str, Any]:
    """Each section's export, keyed by section, as the exporters return them."""
    return {section.key: section.export(user) for section in sections()}


def _plain(value):
    """Turn exporter values into JSON-serialisable ones."""
    if isinstance(value, Coded):
        return _plain(value.value)
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def export_document(user, collected: dict[str, Any] | None = None) -> dict[str, Any]:
    """The JSON document a person downloads."""
    collected = collect(user) if collected is None else collected
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "sections": {key: _plain(value) for key, value in collected.items()},
    }


def export_json(user) -> str:
    return json.dumps(export_document(user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)


@dataclass
class Row:
    """One line of the readable page: a label and either a value or nested records."""

    label: Any
    value: Any = None
    kind: str = "text"  # text, datetime, date, bool, empty, records, list
    records: list[list[Row]] = field(default_factory=list)


@dataclass
class DisplaySection:
    key: str
    title: Any
    description: Any
    records: list[list[Row]]


def _label(labels: Mapping[str, Any], key: str):
    return labels.get(key, key.replace("_", " "))


def _row(label, value, labels) -> Row:
    if isinstance(value, Coded):
        return Row(label, value.label)
    if value is None or value == "":
        return Row(label, None, "empty")
    if isinstance(value, bool):
        return Row(label, value, "bool")
    if isinstance(value, datetime.datetime):
        return Row(label, value, "datetime")
    if isinstance(value, datetime.date):
        return Row(label, value, "date")
    if isinstance(value, Mapping):
        return Row(label, kind="records", records=[_record(value, labels)])
    if isinstance(value, list | tuple):
        if not value:
            return Row(label, None, "empty")
        if all(isinstance(item, Mapping) for item in value):
            return Row(label, kind="records", records=[_record(item, labels) for item in value])
        return Row(label, ", ".join(str(item) for item in value), "text")
    return Row(label, value)


def _record(data: Mapping[str, Any], labels) -> list[Row]:
    return [_row(_label(labels, key), value, labels) for key, value in data.items()]


def display_sections(user, collected: dict[str, Any] | None = None) -> list[DisplaySection]:
    """The same data as the JSON document, as labelled rows for the readable page."""
    collected = collect(user) if collected is None else collected
    out = []
    for section in sections():
        data = collected.get(section.key)
        if isinstance(data, Mapping):
            records = [_record(data, section.labels)]
        else:
            records = [_record(item, section.labels) for item in data or []]
        out.append(DisplaySection(section.key, section.title, section.description, records))
    return out


# --- Erasure --------------------------------------------------------------------------------


def delete_files_after_commit(storage, names: Iterable[str]) -> None:
    """Delete these stored files once the surrounding transaction commits (at once when
    there is none). A rollback keeps them, with the rows that point at them."""
    names = [name for name in names if name]
    if not names:
        return

    def _delete():
        for name in names:
            storage.delete(name)

    transaction.on_commit(_delete)


def erase(user) -> None:
    """Run every registered eraser for `user`, highest layer first, the account last.
    Call inside a transaction (`madafe.accounts.services.delete_account` does)."""
    for section in reversed(sections()):
        if section.erase is not None:
            section.erase(user)
