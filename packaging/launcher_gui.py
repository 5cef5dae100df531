"""Entry script of the windowed executable (``quality-desk-gui.exe``, what the shortcuts start).

A windowed program has no console: ``sys.stdout``/``sys.stderr`` are ``None``. Output is kept in
memory instead, and when the program ends with an error before or without a window, the message
the command line would have printed is shown in a message box, so the clerk is never left with
nothing happening. A data folder on read-only media (a write-protected USB stick running the
portable copy) is detected before the window starts and explained the same way.
"""

import io
import sys

from desktop.cli import main
from desktop.errors import QualityDeskError
from desktop.paths import ensure_writable, resolve_data_dir


def _show(text: str) -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    app = QApplication.instance() or QApplication(sys.argv[:1])
    box = QMessageBox(QMessageBox.Icon.Critical, "质量提升台账 Quality Desk", text)
    box.exec()
    del app


def _run() -> int:
    captured = io.StringIO()
    if sys.stdout is None:
        sys.stdout = captured
    if sys.stderr is None:
        sys.stderr = captured
    arguments = sys.argv[1:]
    if arguments in ([], ["gui"]):
        try:
            ensure_writable(resolve_data_dir())
        except QualityDeskError as error:
            _show(f"{error.message_zh}\n\n{error.message_en}")
            return error.exit_code
    code = main(arguments)
    message = captured.getvalue().strip()
    if code != 0 and message:
        _show(message.removeprefix("quality-desk: "))
    return code


if __name__ == "__main__":
    sys.exit(_run())
