"""Table models for the case list and the visit lists, with proxies for sorting and filtering.

Bulk loads (``set_rows``) reset the model; a single changed record (``update_record``) emits
``dataChanged`` for its row. ``RECORD_ROLE`` gives the row's ``CaseRow``/``VisitRow``, ``SORT_ROLE`` its
sort key (names on the surname without diacritics, dates chronologically, "9" before "10").

Sorting 10 000 cases in a QSortFilterProxyModel asks ``data()`` a few hundred thousand times from
C++, which froze the window for seconds. So the proxies here filter, and hand ``sort()`` to the
source model, which sorts its list once with precomputed keys (``sort_records``, a pure function the
case list also runs on the DB lane before a load arrives).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)

from . import labels

if TYPE_CHECKING:
    from inspector.model import CaseRow, VisitRow

RECORD_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3

Index = QModelIndex | QPersistentModelIndex
KeyFn = Callable[[Any, int], Any]
_DIGITS = re.compile(r"[0-9]+")
_VISIT_STATUS_ORDER = {"planned": 0, "in_progress": 1, "finalized": 2, "synced": 3}


def fold(text: str) -> str:
    """Case- and diacritics-insensitive sort key: 'Öztürk' sorts as 'ozturk', '9' before '10'."""
    decomposed = unicodedata.normalize("NFKD", (text or "").casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _DIGITS.sub(lambda m: m.group(0).zfill(8), plain)


def case_key(r: CaseRow, column: int) -> Any:
    """Sort key of a case row in ``column`` (pure: safe on a background lane)."""
    c = CaseTableModel
    if column == c.NUMBER:
        return fold(r.number)
    if column == c.CLIENT:
        return fold(r.client_sort or r.client)
    if column == c.BSN:
        return r.bsn_masked[-3:]
    if column == c.ADDRESS:
        return fold(r.address)
    if column == c.DOMAIN:
        return r.domain
    if column == c.STATUS:
        return r.status
    if column == c.NEXT_VISIT:
        return r.next_visit or "9999"
    if column == c.FOLLOWUPS:
        return r.open_followups
    return ""


def visit_key(r: VisitRow, column: int) -> Any:
    """Sort key of a visit row in ``column`` (pure: safe on a background lane)."""
    v = VisitTableModel
    if column == v.PLANNED:
        return r.planned_at or "9999"
    if column == v.TYPE:
        return fold(r.template_id)
    if column == v.CLIENT:
        return fold(r.client)
    if column == v.ADDRESS:
        return fold(r.address)
    if column == v.CASE_NUMBER:
        return fold(r.case_number)
    if column == v.STATUS:
        return _VISIT_STATUS_ORDER.get(r.status, 9)
    if column == v.OUTCOME:
        return r.outcome
    return ""


def sort_records(rows: Sequence[Any], key: KeyFn, column: int,
                 order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> list[Any]:
    """``rows`` sorted on ``column`` (stable; -1 keeps the order)."""
    if column < 0:
        return list(rows)
    return sorted(rows, key=lambda r: key(r, column), reverse=order == Qt.SortOrder.DescendingOrder)


class _RecordTableModel(QAbstractTableModel):
    """Shared plumbing: a list of records, one per row, columns described by subclasses."""

    COLUMN_COUNT = 0
    KEY: KeyFn = staticmethod(lambda r, c: "")  # type: ignore[assignment]

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self.sort_column = -1
        self.sort_order = Qt.SortOrder.AscendingOrder

    # --- Qt overrides -----------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else self.COLUMN_COUNT

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        record = self._rows[index.row()]
        column = index.column()
        if role == RECORD_ROLE:
            return record
        if role == ID_ROLE:
            return record.id
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                    Qt.ItemDataRole.AccessibleTextRole):
            return self.display(record, column)
        if role == SORT_ROLE:
            return self.KEY(record, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.alignment(column)
        if role == Qt.ItemDataRole.FontRole:
            return self.font(record)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < self.COLUMN_COUNT \
                and role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.headers()[section]
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort the rows once with precomputed keys; persistent indexes follow their rows."""
        self.sort_column, self.sort_order = column, order
        if column < 0 or not self._rows:
            return
        self.layoutAboutToBeChanged.emit()
        old = {id(r): i for i, r in enumerate(self._rows)}
        self._rows = sort_records(self._rows, self.KEY, column, order)
        where = {old[id(r)]: i for i, r in enumerate(self._rows)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(persistent, [
            self.index(where[p.row()], p.column()) if p.row() in where else QModelIndex()
            for p in persistent])
        self.layoutChanged.emit()

    # --- our API ----------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[Any], presorted: bool = False) -> None:
        """Replace all rows (a bulk load: the model is reset), in the current sort order.

        ``presorted``: the caller sorted them already with ``sort_records`` (e.g. on the DB lane).
        """
        self.beginResetModel()
        self._rows = list(rows) if presorted else sort_records(rows, self.KEY, self.sort_column,
                                                               self.sort_order)
        self.endResetModel()

    def update_record(self, record: Any) -> bool:
        """Replace the row with ``record.id`` in place; False when it is not in the model."""
        row = self.row_of(record.id)
        if row < 0:
            return False
        self._rows[row] = record
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.COLUMN_COUNT - 1))
        return True

    def record(self, row: int) -> Any:
        return self._rows[row]

    def records(self) -> list[Any]:
        return list(self._rows)

    def row_of(self, record_id: str) -> int:
        for i, r in enumerate(self._rows):
            if r.id == record_id:
                return i
        return -1

    # --- for subclasses -----------------------------------------------------------------------
    def headers(self) -> list[str]:
        raise NotImplementedError

    def display(self, record: Any, column: int) -> str:
        raise NotImplementedError

    def alignment(self, column: int) -> Any:
        return None

    def font(self, record: Any) -> Any:
        return None


class CaseTableModel(_RecordTableModel):
    """The case list (Dossiers): one ``CaseRow`` per row."""

    NUMBER, CLIENT, BSN, ADDRESS, DOMAIN, STATUS, NEXT_VISIT, FOLLOWUPS = range(8)
    COLUMN_COUNT = 8
    KEY = staticmethod(case_key)

    def headers(self) -> list[str]:
        return [self.tr("Case number"), self.tr("Client"), self.tr("BSN"), self.tr("Address"),
                self.tr("Domain"), self.tr("Status"), self.tr("Next visit"), self.tr("Follow-ups")]

    def display(self, r: CaseRow, column: int) -> str:
        if column == self.NUMBER:
            return r.number
        if column == self.CLIENT:
            return r.client_sort or r.client
        if column == self.BSN:
            return r.bsn_masked
        if column == self.ADDRESS:
            return r.address
        if column == self.DOMAIN:
            return labels.domain_label(r.domain)
        if column == self.STATUS:
            return labels.case_status_label(r.status)
        if column == self.NEXT_VISIT:
            return labels.format_date(r.next_visit[:10])
        if column == self.FOLLOWUPS:
            return str(r.open_followups) if r.open_followups else ""
        return ""

    def alignment(self, column: int) -> Any:
        if column == self.FOLLOWUPS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class VisitTableModel(_RecordTableModel):
    """A visit list (Vandaag, a case's visit history): one ``VisitRow`` per row."""

    PLANNED, TYPE, CLIENT, ADDRESS, CASE_NUMBER, STATUS, OUTCOME = range(7)
    COLUMN_COUNT = 7
    KEY = staticmethod(visit_key)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.catalog = labels.cached_catalog()
        self._bold: Any = None

    def set_catalog(self, catalog: labels.Catalog) -> None:
        """Use ``catalog`` for visit-type titles and outcome words (redraws every row)."""
        self.catalog = catalog
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, self.COLUMN_COUNT - 1))

    def headers(self) -> list[str]:
        return [self.tr("Planned for"), self.tr("Visit type"), self.tr("Client"), self.tr("Address"),
                self.tr("Case number"), self.tr("Status"), self.tr("Outcome")]

    def display(self, r: VisitRow, column: int) -> str:
        if column == self.PLANNED:
            return labels.format_datetime(r.planned_at)
        if column == self.TYPE:
            return self.catalog.title(r.template_id)
        if column == self.CLIENT:
            return r.client
        if column == self.ADDRESS:
            return r.address
        if column == self.CASE_NUMBER:
            return r.case_number
        if column == self.STATUS:
            return labels.visit_status_label(r.status)
        if column == self.OUTCOME:
            return self.catalog.outcome(r.template_id, r.outcome)
        return ""

    def font(self, r: VisitRow) -> Any:
        """Visits still in progress stand out: they are unfinished work."""
        if r.status != "in_progress":
            return None
        if self._bold is None:
            from PySide6.QtGui import QFont

            self._bold = QFont()
            self._bold.setBold(True)
        return self._bold


class _SourceSortingProxy(QSortFilterProxyModel):
    """Filters here; ``sort()`` is done by the source model (see the module docstring)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if source is not None:
            source.sort(column, order)

    def _record(self, source_row: int) -> Any:
        return self.sourceModel().record(source_row)

    def _change_filter(self, change: Callable[[], None]) -> None:
        """Apply ``change`` to the filter criteria and refilter (Qt ≥ 6.9 API when present)."""
        if hasattr(self, "beginFilterChange"):
            self.beginFilterChange()
            change()
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            change()
            self.invalidateRowsFilter()


class CaseFilterProxy(_SourceSortingProxy):
    """Filters the case list on a domain (empty: all)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._domain = ""

    def set_domain(self, domain: str) -> None:
        self._change_filter(lambda: setattr(self, "_domain", domain))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return not self._domain or self._record(source_row).domain == self._domain


class VisitFilterProxy(_SourceSortingProxy):
    """Filters visits on their status (empty: all)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._statuses: frozenset[str] = frozenset()

    def set_statuses(self, statuses: Sequence[str]) -> None:
        self._change_filter(lambda: setattr(self, "_statuses", frozenset(statuses)))

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return not self._statuses or self._record(source_row).status in self._statuses
