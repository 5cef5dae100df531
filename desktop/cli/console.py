"""The console the command line writes to: GBK on Chinese Windows, redirected files, pipes.

Chinese Windows consoles and redirected output use code page 936 (GBK); a character outside it
(✓ ✗ • or a rare character in an enterprise's name) made ``print`` raise UnicodeEncodeError
half-way through a command. :func:`prepare` makes stdout and stderr write every character the
encoding has as it is, the few symbols the command line uses as their GBK look-alikes (✓ → √,
✗ → ×, • → ·), and anything else as ``?``; JSON output escapes such characters as ``\\uXXXX``
instead, so it stays valid JSON with the exact text (:func:`json_text`).

Chinese text written here uses full-width punctuation, as the window does: :func:`zh_text`
turns the ASCII ``, ; : ? ! ( )`` that touch Chinese characters in a message into ``，；：？！（）``
(for the zh half of messages composed in any layer).
"""

from __future__ import annotations

import codecs
import io
import re
import sys
from typing import Protocol, TextIO

ERRORS = "quality-desk-console"
LOOK_ALIKES = {"✓": "√", "✔": "√", "✗": "×", "✘": "×", "•": "·", "…": "…", "⚠": "!"}


def _fallback(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start : error.end]
    out = []
    for char in text:
        alike = LOOK_ALIKES.get(char)
        try:
            if alike is not None:
                alike.encode(error.encoding)
                out.append(alike)
                continue
        except UnicodeEncodeError:
            pass
        out.append("?")
    return "".join(out), error.end


codecs.register_error(ERRORS, _fallback)


def _reconfigure(stream: TextIO) -> None:
    if isinstance(stream, io.TextIOWrapper) and stream.errors != ERRORS:
        stream.reconfigure(errors=ERRORS)


def prepare() -> None:
    """Make stdout and stderr survive any character on any console encoding."""
    _reconfigure(sys.stdout)
    _reconfigure(sys.stderr)


def json_text(text: str, stream: TextIO | None = None) -> str:
    """``text`` (JSON) with characters the stream cannot encode written as ``\\uXXXX``."""
    encoding = getattr(stream or sys.stdout, "encoding", None) or "utf-8"
    try:
        text.encode(encoding)
        return text
    except UnicodeEncodeError:
        pass
    except LookupError:
        return text
    out = []
    for char in text:
        try:
            char.encode(encoding)
            out.append(char)
        except UnicodeEncodeError:
            data = char.encode("utf-16-be")
            out.extend(
                f"\\u{int.from_bytes(data[i : i + 2], 'big'):04x}" for i in range(0, len(data), 2)
            )
    return "".join(out)


_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_FULL = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}
_NEAR_CJK = re.compile(rf"(?<=[{_CJK}])[,;:?!]|[,;:?!](?=[{_CJK}])")
_CJK_CHAR = re.compile(rf"[{_CJK}]")


def _is_cjk(text: str, index: int) -> bool:
    return 0 <= index < len(text) and _CJK_CHAR.match(text[index]) is not None


def zh_text(text: str) -> str:
    """Chinese text with the ASCII punctuation that touches Chinese characters made full-width.

    A pair of parentheses is converted when either parenthesis touches a Chinese character, so
    ``包被拒收(bad_signature):`` becomes ``包被拒收（bad_signature）：``. Times (``09:30``), paths
    and English words are left alone.
    """
    chars = list(text)
    stack: list[int] = []
    for index, char in enumerate(chars):
        if char == "(":
            stack.append(index)
        elif char == ")" and stack:
            start = stack.pop()
            if any(_is_cjk(text, i) for i in (start - 1, start + 1, index - 1, index + 1)):
                chars[start], chars[index] = "（", "）"
    converted = "".join(chars)
    converted = _NEAR_CJK.sub(lambda m: _FULL[m.group(0)], converted)
    # a colon or comma right after a converted closing parenthesis belongs to the Chinese text
    return re.sub(r"(?<=）)[,;:]", lambda m: _FULL[m.group(0)], converted)


class _Bilingual(Protocol):
    @property
    def message_zh(self) -> str: ...

    @property
    def message_en(self) -> str: ...


def one_line(message: _Bilingual) -> str:
    """Both languages on one line, the Chinese with full-width punctuation."""
    return f"{zh_text(message.message_zh)} / {message.message_en}"
