"""The words of the command line that name no command: Vietnamese, or English with ``--lang en``.

Apart from `nghedan_cli.i18n` (which names every command class) so that the command line's
plumbing and ``nghedan --help`` load no command of the core.
"""

from __future__ import annotations

from typing import Final

__all__ = ["T", "t"]

#: other words of the command line: key -> (vi, en)
T: Final[dict[str, tuple[str, str]]] = {
    "main.help": (
        'nghedan — hồ sơ mô hình "Nghe dân nói – Làm dân tin": buổi làm việc, ý kiến người dân, '
        "quỹ hỗ trợ, thăm hỏi, hoạt động tình nguyện; báo cáo và kiểm toán quỹ.",
        'nghedan — the "Nghe dân nói – Làm dân tin" dossier: sessions, complaints, the support '
        "fund, visits, volunteer work; reports and the fund audit.",
    ),
    "opt.db": (
        "URL cơ sở dữ liệu (mặc định $NGHEDAN_DATABASE_URL, sqlite:///nghedan.db).",
        "Database URL (default $NGHEDAN_DATABASE_URL, sqlite:///nghedan.db).",
    ),
    "opt.lang": (
        "Ngôn ngữ: vi | en (mặc định $NGHEDAN_LANG, vi).",
        "Language: vi | en (default $NGHEDAN_LANG, vi).",
    ),
    "opt.config": ("Tệp TOML cấu hình chính sách.", "Policy configuration TOML file."),
    "opt.json": ("In kết quả dạng JSON.", "Print the result as JSON."),
    "opt.as": (
        "Người thực hiện lệnh ghi: mã hoặc họ tên cán bộ (hoặc quản trị viên); mặc định"
        " $NGHEDAN_AS. Lệnh đọc không cần.",
        "Who carries out a write: an official's (or the administrator's) id or full name;"
        " default $NGHEDAN_AS. Reads need none.",
    ),
    "example": ("Ví dụ", "Example"),
    "recorded": ("Đã ghi", "Recorded"),
    "nothing": (
        "Không ghi gì thêm (lệnh đã được xử lý trước đó).",
        "Nothing recorded (the command was handled before).",
    ),
    "error": ("Lỗi", "Error"),
    "see": ("Xem hướng dẫn", "See"),
    "refused": ("Từ chối", "Refused"),
    "generated_id": ("Mã tự sinh", "Generated id"),
}


def t(key: str, lang: str) -> str:
    """The word for `key` in `lang`."""
    vi, en = T[key]
    return vi if lang == "vi" else en
