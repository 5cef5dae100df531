"""Paints a ledger table's cells straight from the model's rows.

Repainting the table is most of what the window does after a keystroke's first page arrives.
Qt's own delegate asks the model for seven roles per cell (each a call into Python), then the
style lays the cell's text out twice (once to elide it, once to draw it). :class:`RowDelegate`
fills the style option from the row in one call, and paints a *plain* cell — not selected, not
focused, not under the mouse, not tinted, left to right — itself: its text is laid out once per
distinct text (a :class:`QStaticText`, kept while the font stays the same) and drawn where the
style draws it, elided the way the style elides it. Every other cell, and every cell of a style
whose plain cells this does not reproduce pixel for pixel (checked once per style by painting
sample cells both ways), is painted by the style as before.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter, QPalette, QStaticText
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop.ui.ledger_table import DELETED_COLOUR
from desktop.ui.table_model import (
    DELETED_BRUSH,
    EXPIRING_BRUSH,
    OVERDUE_BRUSH,
    LedgerTableModel,
    Row,
)

Index = QModelIndex | QPersistentModelIndex

_TextKey = str | tuple[str, int, Qt.TextElideMode]
"""A text, or a text with the width it is elided to and how."""
CACHED_TEXTS = 5000
"""Laid-out texts kept (a screen of cells is a few hundred; values repeat across pages)."""

_RIGHT_ALIGNED = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT_ALIGNED = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_State = QStyle.StateFlag
_STYLED = (
    _State.State_Selected | _State.State_HasFocus | _State.State_MouseOver | _State.State_Editing
)
"""States whose look the style decides (selection, focus frame, hover, an open editor)."""
_Feature = QStyleOptionViewItem.ViewItemFeature
_PLAIN_MASK = (_STYLED | _State.State_Enabled).value
_PLAIN = _State.State_Enabled.value
_ACTIVE = _State.State_Active.value
_LEFT_TO_RIGHT = Qt.LayoutDirection.LeftToRight
_NORMAL = QPalette.ColorGroup.Normal
_INACTIVE = QPalette.ColorGroup.Inactive
_TEXT = QPalette.ColorRole.Text
_SAMPLES = (
    ("泰顺县雪溪瑞丰竹木制品有限公司", _LEFT_ALIGNED, 300),
    ("2026-11-30", _LEFT_ALIGNED, 100),
    ("“双随机一公开”监管抽查 Quality", _LEFT_ALIGNED, 90),
    ("12", _RIGHT_ALIGNED, 80),
)
"""Cells the style and the delegate both paint before the delegate paints any itself: text that
fits, a date, text elided at the cell's edge, a right-aligned number."""


class RowDelegate(QStyledItemDelegate):
    """Paints a ledger cell from the model's row in one call (see the module's docstring)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._font: QFont | None = None
        self._texts: dict[
            str | tuple[str, int, Qt.TextElideMode], tuple[QStaticText, float, int]
        ] = {}
        self._styles: dict[int, int | None] = {}
        """Per style object: the text margin when plain cells may be painted here, else None."""
        if parent is not None:  # checked now rather than during the table's first paint
            self._margin(parent)

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        model = index.model()
        row = model.row_at(index.row(), wait=False) if isinstance(model, LedgerTableModel) else None
        column = index.column()
        if row is None or not isinstance(model, LedgerTableModel) or column >= row.width:
            super().initStyleOption(option, index)
            return
        option.index = index  # type: ignore[assignment]
        option.text = row.cell(column)
        option.features |= _Feature.HasDisplay
        if model.right_aligned[column]:
            option.displayAlignment = _RIGHT_ALIGNED
        if row.flag == "overdue" or row.flag == "expired":
            option.backgroundBrush = OVERDUE_BRUSH
        elif row.flag == "expiring":
            option.backgroundBrush = EXPIRING_BRUSH
        if row.record.get("deleted"):
            option.palette.setBrush(QPalette.ColorRole.Text, DELETED_BRUSH)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        # Called for every visible cell at each repaint: flags are compared as plain integers
        # (Python's enum operators cost more than painting the text).
        model = index.model()
        if isinstance(model, LedgerTableModel):
            row = model.row_at(index.row(), wait=False)
            column = index.column()
            state = option.state.value
            if (
                row is not None
                and row.flag is None
                and column < row.width
                # (no check box or icon either: only the model's roles would ask for them, and
                # this model answers none of those)
                and state & _PLAIN_MASK == _PLAIN
                and option.direction == _LEFT_TO_RIGHT
            ):
                margin = self._margin(option.widget)
                right = model.right_aligned[column]
                if margin is not None and self._paint_plain(
                    painter, option, state, row, column, right, margin
                ):
                    return
        super().paint(painter, option, index)

    # ---- plain cells ---------------------------------------------------------------------------

    def _paint_plain(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        state: int,
        row: Row,
        column: int,
        right: bool,
        margin: int,
    ) -> bool:
        """Paint a plain cell as the style would; False when it must be left to the style."""
        text = row.cell(column)
        if not text:
            return True  # the style draws nothing on a plain empty cell (the view drew its row)
        if row.record.get("deleted"):
            colour = DELETED_COLOUR
        else:  # the style's colours: those of an inactive window when it is not the active one
            colour = option.palette.color(_NORMAL if state & _ACTIVE else _INACTIVE, _TEXT)
        return self._draw(painter, option.font, option.rect, margin, text, right, colour, option)

    def _draw(
        self,
        painter: QPainter,
        font: QFont,
        rect: QRect,
        margin: int,
        text: str,
        right: bool,
        colour: QColor,
        option: QStyleOptionViewItem,
    ) -> bool:
        width = rect.width() - 2 * margin
        static, text_width, text_height = self._laid_out(font, text, text)
        if text_width > width:  # elided at the cell's edge, as the style elides it
            mode = option.textElideMode
            if mode == Qt.TextElideMode.ElideNone:
                return False
            static, text_width, text_height = self._laid_out(font, (text, width, mode), text)
        height = rect.height()
        if text_height > height or width <= 0:
            return False  # the style would clip it
        # where the style's text layout puts one line: centred, its height taken whole
        top = rect.y() + (height - text_height) // 2
        painter.setPen(colour)
        painter.setFont(font)
        if right:
            painter.drawStaticText(QPointF(rect.x() + margin + width - text_width, top), static)
        else:
            painter.drawStaticText(rect.x() + margin, top, static)
        return True

    def _laid_out(self, font: QFont, key: _TextKey, text: str) -> tuple[QStaticText, float, int]:
        """``text`` laid out once in ``font`` (``key``: the text, or the text with the width it
        is elided to and how), with its width and whole height."""
        if self._font is None or font != self._font:
            self._font = QFont(font)
            self._texts.clear()
        found = self._texts.get(key)
        if found is None:
            if len(self._texts) >= CACHED_TEXTS:
                self._texts.clear()
            if isinstance(key, tuple):  # (text, width, elide mode): elided to fit that width
                text = QFontMetrics(font).elidedText(text, key[2], key[1])
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(font=font)
            size = static.size()
            found = self._texts[key] = (static, size.width(), int(size.height()))
        return found

    # ---- whether this style's plain cells can be painted here ----------------------------------

    def paints_plain_cells(self, widget: QWidget | None) -> bool:
        """Whether plain cells of ``widget`` (its style) are painted here rather than by the
        style (they look the same either way)."""
        return self._margin(widget) is not None

    def _margin(self, widget: QWidget | None) -> int | None:
        style = widget.style() if widget is not None else QApplication.style()
        key = id(style)
        if key not in self._styles:
            margin = style.pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, widget) + 1
            self._styles[key] = margin if self._same_as_style(style, widget, margin) else None
        return self._styles[key]

    def _same_as_style(self, style: QStyle, widget: QWidget | None, margin: int) -> bool:
        """Paint sample cells with the style and with this delegate: the same pixels?"""
        font = widget.font() if widget is not None else QApplication.font()
        palette = widget.palette() if widget is not None else QApplication.palette()
        height = QFontMetrics(font).height() + 9
        for text, alignment, width in _SAMPLES:
            option = QStyleOptionViewItem()
            option.rect = QRect(0, 0, width, height)
            option.font = font
            option.palette = palette
            option.state = _State.State_Enabled | _State.State_Active
            option.features = _Feature.HasDisplay
            option.displayAlignment = alignment
            option.textElideMode = Qt.TextElideMode.ElideRight
            option.direction = Qt.LayoutDirection.LeftToRight
            option.text = text
            option.widget = widget  # type: ignore[assignment]
            theirs, ours = _canvas(width, height, palette), _canvas(width, height, palette)
            with _painting(theirs, font) as painter:
                style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, widget)
            with _painting(ours, font) as painter:
                drawn = self._draw(
                    painter,
                    font,
                    option.rect,
                    margin,
                    text,
                    alignment == _RIGHT_ALIGNED,
                    palette.color(_NORMAL, _TEXT),
                    option,
                )
            if not drawn or theirs != ours:
                return False
        return True


def _canvas(width: int, height: int, palette: QPalette) -> QImage:
    image = QImage(width, height, QImage.Format.Format_RGB32)
    image.fill(palette.color(_NORMAL, QPalette.ColorRole.Base))
    return image


@contextmanager
def _painting(image: QImage, font: QFont) -> Iterator[QPainter]:
    """A painter on ``image`` with ``font``, ended afterwards."""
    painter = QPainter(image)
    painter.setFont(font)
    try:
        yield painter
    finally:
        painter.end()
