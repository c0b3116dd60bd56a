"""Printing API documents as a table (rich), JSON (the API's shape) or CSV.

A document is the ``to_dict()`` of a generated response model, e.g. ``{"bulkId": ..., "messages": [...]}``:
JSON prints it as it is, CSV and tables print one row per entry of its list property (or the document itself
when it has none, like the balance). Tables fit the console's width (``COLUMNS``, 80 when it is not a
terminal): identifiers are never cut, free text is.
"""

from __future__ import annotations

import csv
import json
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, TextIO

from rich.console import Console
from rich.table import Table

__all__ = ["FORMATS", "Column", "OutputFormat", "Printer", "View", "default_format"]

OutputFormat = Literal["table", "json", "csv"]
FORMATS: tuple[OutputFormat, ...] = ("table", "json", "csv")

Document = Mapping[str, object]


def default_format(stream: TextIO) -> OutputFormat:
    """A table for people (a terminal), JSON for programs (a pipe or a file)."""
    return "table" if stream.isatty() else "json"


@dataclass(frozen=True)
class Column:
    """One table column: ``path`` is a dotted path into an entry (``status.groupName``)."""

    header: str
    path: str
    kind: Literal["id", "text", "date", "value"] = "value"


@dataclass(frozen=True)
class View:
    """How a command's documents print: the list property that holds the rows (the first one present;
    none: the document is the row), the table columns and the CSV fields."""

    rows: tuple[str, ...]
    columns: tuple[Column, ...]
    csv_fields: tuple[str, ...]
    title: str | None = None


def lookup(entry: object, path: str) -> object:
    value = entry
    for key in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def rows_of(document: Document, view: View) -> list[object]:
    if not view.rows:
        return [document]
    for key in view.rows:
        value = document.get(key)
        if isinstance(value, list):
            return value
    return []


def cell(value: object, kind: str = "value") -> str:
    """A value as one table or CSV cell: lists joined, booleans as yes/no, dates to the second."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ",".join(cell(v) for v in value)
    if isinstance(value, Mapping):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = str(value)
    if kind == "date":
        try:
            # Month, day and time: 14 characters, so that a table with a UUID still fits 80 columns.
            return datetime.fromisoformat(text).strftime("%m-%d %H:%M:%S")
        except ValueError:
            return text
    return text


@dataclass
class Printer:
    """Writes documents to ``stream`` in one format; ``streaming`` for ``--follow`` and ``listen``.

    Streaming, JSON is one compact document per line (JSON Lines), CSV writes each view's header once, and
    tables keep their column widths from one batch to the next. ``titles`` (``listen``, where two kinds of
    document arrive mixed) prints every table with its view's title and header. Safe to call from several
    threads.
    """

    format: OutputFormat
    stream: TextIO = field(default_factory=lambda: sys.stdout)
    streaming: bool = False
    titles: bool = False
    _headers_done: set[int] = field(default_factory=set)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _first(self, view: View) -> bool:
        """Whether ``view``'s header is due: always when not streaming, else the first time only."""
        if not self.streaming:
            return True
        if id(view) in self._headers_done:
            return False
        self._headers_done.add(id(view))
        return True

    def document(self, document: Document, view: View) -> None:
        with self._lock:
            if self.format == "json":
                self._json(document)
            elif self.format == "csv":
                self._csv(document, view)
            else:
                self._table(document, view)
            self.stream.flush()

    def _json(self, document: Document) -> None:
        if self.streaming:
            self.stream.write(json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n")
        else:
            self.stream.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")

    def _csv(self, document: Document, view: View) -> None:
        writer = csv.writer(self.stream, lineterminator="\n")
        if self._first(view):
            writer.writerow(view.csv_fields)
        for row in rows_of(document, view):
            writer.writerow([cell(lookup(row, path)) for path in view.csv_fields])

    def _table(self, document: Document, view: View) -> None:
        rows = rows_of(document, view)
        console = Console(file=self.stream, highlight=False, soft_wrap=False)
        if not rows:
            if not self.streaming:
                console.print("(none)")
            return
        header = self._first(view) or self.titles
        table = _table_for(view, header=header, title=header and self.titles, fixed=self.streaming)
        for row in rows:
            table.add_row(*(cell(lookup(row, c.path), c.kind) for c in view.columns))
        with console.capture() as captured:
            console.print(table)
        # rich pads the last column to its width; trailing blanks only get in the way of copy and diff.
        self.stream.write("".join(line.rstrip(" ") + "\n" for line in captured.get().splitlines()))


def _table_for(view: View, *, header: bool, title: bool, fixed: bool) -> Table:
    # No box and one space between columns: 80 columns hold a UUID message id and three more values.
    table = Table(
        box=None,
        show_header=header,
        header_style="bold",
        pad_edge=False,
        padding=(0, 1),
        expand=fixed,
        title=view.title if title else None,
        title_justify="left",
    )
    for column in view.columns:
        if column.kind == "id":
            table.add_column(column.header, no_wrap=True, min_width=8)
        elif column.kind == "date":
            table.add_column(column.header, no_wrap=True, min_width=14 if fixed else None)
        elif column.kind == "text":
            table.add_column(column.header, overflow="ellipsis", no_wrap=True, ratio=2 if fixed else None)
        else:
            table.add_column(column.header, overflow="fold", ratio=1 if fixed else None)
    return table
