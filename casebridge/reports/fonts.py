"""The CJK font that the PDF embeds and the charts draw with.

A PDF must carry its Chinese font (subset-embedded), or it renders differently or not at
all on another machine. reportlab embeds TrueType outlines only, so the Noto CJK
collections of ``fonts-noto-cjk`` (CFF outlines, fine for browsers) cannot be used; the
font comes from a Debian package with TrueType outlines, found at its installed path, or
from ``HOTLINE_REPORT_FONT`` (``/path/font.ttc`` or ``/path/font.ttc#1`` for the face).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from casebridge.reports.model import ReportError

ENV = "HOTLINE_REPORT_FONT"
DEBIAN_PACKAGE = "fonts-wqy-microhei"
CANDIDATES: tuple[tuple[str, int, str], ...] = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, "fonts-wqy-microhei"),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, "fonts-wqy-zenhei"),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0, "fonts-droid-fallback"),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0, "fonts-arphic-uming"),
)
MISSING_ZH = (
    "未找到可嵌入 PDF 的中文字体。请安装 Debian 软件包 fonts-wqy-microhei"
    "（sudo apt-get install fonts-wqy-microhei），或用环境变量 HOTLINE_REPORT_FONT "
    "指定一个 TrueType 中文字体文件。HTML 版报告不受影响。"
)


@dataclass(frozen=True)
class CjkFont:
    """A font file and the face in it."""

    path: Path
    index: int = 0

    @property
    def name(self) -> str:
        """A name to register the font under (stable per file and face)."""
        return f"HotlineCJK-{self.path.stem}-{self.index}"


def find_cjk_font() -> CjkFont | None:
    """The configured font, else the first installed candidate, else ``None``."""
    explicit = os.environ.get(ENV, "").strip()
    if explicit:
        path, _, face = explicit.partition("#")
        found = Path(path)
        return CjkFont(found, int(face) if face.isdigit() else 0) if found.is_file() else None
    for path, index, _package in CANDIDATES:
        if Path(path).is_file():
            return CjkFont(Path(path), index)
    return None


def require_cjk_font() -> CjkFont:
    """The font, or :class:`ReportError` saying what to install."""
    font = find_cjk_font()
    if font is None:
        raise ReportError(MISSING_ZH)
    return font
