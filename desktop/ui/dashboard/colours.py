"""The dashboard's colours and the WCAG 2 contrast rule they are chosen to pass.

Progress bars are filled with a light tint of the status colour and carry dark text, so the
percentage reads on the filled part and on the empty track alike (contrast ≥ 4.5 : 1, WCAG AA for
normal text); the status words use the full colour on the white and the alternating row colour.
``tests/ui/dashboard/test_colours.py`` checks every pair.
"""

from __future__ import annotations

from desktop.reports.indicators import Status

STATUS_TEXT = {
    Status.REACHED: "#1b5e20",
    Status.ON_TRACK: "#0d47a1",
    Status.BEHIND: "#b71c1c",
    Status.NO_DATA: "#545b64",
}
"""Status words (the tree's 状态 column) on white or the alternate row colour."""
STATUS_FILL = {
    Status.REACHED: "#a5d6a7",
    Status.ON_TRACK: "#90caf9",
    Status.BEHIND: "#ef9a9a",
    Status.NO_DATA: "#cfd8dc",
}
"""The filled part of a progress bar."""
BAR_TEXT = "#1a1a1a"
TRACK = "#f4f5f7"
ROW_BACKGROUNDS = ("#ffffff", "#f0f0f0")
"""White and the alternating row colour of Qt's Fusion palette."""
CHART_BAR = "#1f6fb2"
CHART_GOAL = "#c62828"
CHART_LABEL = "#1a1a1a"
AA_NORMAL = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """Relative luminance of ``#rrggbb`` (WCAG 2.1)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two colours (1 … 21)."""
    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
