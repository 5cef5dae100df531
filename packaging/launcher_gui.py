"""Entry script of the windowed executable (``quality-desk-gui.exe``, what the shortcuts start).

A windowed program has no console: ``sys.stdout``/``sys.stderr`` are ``None``. Output is kept in
memory instead, and when the program ends with an error before or without a window (say the
USB stick is write-protected), the message the command line would have printed is shown in a
message box, so the clerk is never left with nothing happening.
"""

import io
import sys

from desktop.cli import main


def _show(text: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    box = QMessageBox(QMessageBox.Icon.Critical, "质量提升台账 Quality Desk", text)
    box.exec()
    del app


if __name__ == "__main__":
    captured = io.StringIO()
    if sys.stdout is None:
        sys.stdout = captured
    if sys.stderr is None:
        sys.stderr = captured
    code = main(sys.argv[1:])
    message = captured.getvalue().strip()
    if code != 0 and message:
        _show(message.removeprefix("quality-desk: "))
    sys.exit(code)
