"""The step catalogue for policy staff: every step, its pattern, what it does, an example.

``nghedan features steps`` prints it as Markdown (``--json`` for machines);
``docs/steps.md`` is generated from `markdown()` and a test fails when it is stale. The
catalogue also answers an undefined step with the closest steps (`closest`).
"""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

from nghedan_bdd.commands import COMMAND_CLASSES, field_rows
from nghedan_bdd.parsing import nfc
from nghedan_bdd.steps import CATALOGUE, KEYWORDS, StepDoc
from nghedan_bdd.steps.then import FIGURES
from nghedan_bdd.vocabulary import VOCABULARY
from nghedan_core.values import label_vi

__all__ = ["CATALOGUE", "StepDoc", "as_json", "closest", "markdown"]

_KIND_TITLES = {
    "given": "Cho / Biết — dữ kiện ban đầu",
    "when": "Khi — thực hiện lệnh",
    "then": "Thì — kiểm tra kết quả",
}


def as_json() -> str:
    """The catalogue as JSON: a list of steps, and the vocabulary."""
    data: dict[str, Any] = {
        "steps": [
            {
                "kind": s.kind,
                "keyword": s.keyword,
                "section": s.section,
                "pattern": s.pattern,
                "description": s.description,
                "example": s.example_line,
                "table": list(s.table),
            }
            for s in CATALOGUE
        ],
        "commands": {
            name: [{"field": f, "written": w, "required": r} for f, w, r in field_rows(cls)]
            for name, cls in sorted(COMMAND_CLASSES.items())
        },
        "report_figures": list(FIGURES),
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _shown(pattern: str) -> str:
    """A pattern as staff read it: an escaped quote is just a quote to the regex."""
    return pattern.replace('\\"', '"')


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|")


def markdown() -> str:
    """The catalogue as Markdown (the text of ``docs/steps.md``)."""
    out = [
        "# Thư viện bước tiếng Việt (nghedan features)",
        "",
        "<!-- Tệp này được sinh bởi `nghedan features steps > docs/steps.md`; đừng sửa tay. -->",
        "",
        "Viết kịch bản bằng Gherkin tiếng Việt, chạy bằng `nghedan features run THƯ_MỤC`"
        " (không cần Python). Mỗi tệp `.feature` bắt đầu bằng `# language: vi`; từ khóa:"
        " `Tính năng`, `Bối cảnh`, `Kịch bản`, `Khung kịch bản` với `Dữ liệu`, `Cho`/`Biết`,"
        " `Khi`, `Thì`, `Và`, `Nhưng`.",
        "",
        "Quy ước viết: tiền `26.500.000 đồng` (hoặc `đ`; dấu chấm ngăn cách hàng nghìn —"
        " `26,500,000` bị từ chối), ngày `04/03/2024` hoặc `2024-03-04`, thời điểm"
        " `04/03/2024 08:00` (hoặc `08:00 ngày 04/03/2024`, `2024-03-04T08:00`), tháng"
        " `03/2024` (hoặc `2024-03`), độ dài `46,3 km`, tỷ lệ `100 %` — tiền, ngày, thời điểm"
        " và tháng được đọc như lệnh `nghedan` đọc chúng. Tên trong"
        ' dấu nháy kép (`"Ninh Thới"`, `"Trần Văn An"`) gọi đơn vị, cán bộ, hộ (theo tên chủ'
        " hộ), ý kiến (theo nhãn), hoạt động. Kịch bản bắt đầu lúc 04/03/2024 08:00 (thứ Hai"
        " đầu tháng 3/2024) nếu không đặt `Cho hôm nay là ...`. Mọi lệnh mang đúng thời điểm"
        " đã đặt, không cộng thêm giây nào; các lệnh cùng một thời điểm được ghi theo thứ tự"
        " viết trong kịch bản. Muốn lệnh sau mang thời điểm khác, hãy đặt"
        " `Khi đến lúc 04/03/2024 08:01`. Đồng hồ của hệ thống là thời điểm của kịch bản:"
        " mỗi việc, ở bước Cho cũng như bước Khi, được ghi đúng lúc nó xảy ra, nên không"
        " việc nào là ghi muộn hay ghi trước (ADR 0019).",
        "",
        "Mỗi bước dưới đây có mẫu (biểu thức chính quy, khớp toàn bộ câu), mô tả và ví dụ chạy"
        " được.",
        "",
    ]
    for kind in ("given", "when", "then"):
        out += [f"## {_KIND_TITLES[kind]}", ""]
        sections: dict[str, list[StepDoc]] = {}
        for s in CATALOGUE:
            if s.kind == kind:
                sections.setdefault(s.section, []).append(s)
        for section, steps in sections.items():
            out += [f"### {section}", ""]
            for s in steps:
                out += [
                    f"- **{s.description}**",
                    "",
                    "  ```gherkin",
                    f"  {s.example_line}",
                    *(f"    {row}" for row in s.table),
                    "  ```",
                    "",
                    f"  Mẫu: `{KEYWORDS[kind]} {_shown(s.pattern)}`",
                    "",
                ]
    out += [
        "## Chỉ tiêu của báo cáo định kỳ",
        "",
        "Dùng trong `Thì báo cáo ... có:` (cột `chỉ tiêu | giá trị`); giá trị có thể bắt đầu"
        " bằng `hơn`, `trên`, `ít nhất`, `không quá`, `dưới`.",
        "",
        *(f"- `{name}`" for name in FIGURES),
        "",
        "## Từ vựng",
        "",
    ]
    for title, cls in VOCABULARY.items():
        words = ", ".join(f"`{label_vi(str(m.value))}` ({m.value})" for m in cls)
        out += [f"- **{title}**: {words}", ""]
    out += [
        "## Lệnh tổng quát: 48 lệnh và các trường",
        "",
        'Dùng với `Khi thực hiện lệnh "TÊN" với:` (hoặc `Cho đã thực hiện lệnh "TÊN" với:`) và'
        " bảng `| trường | giá trị |`. Trường có dấu * là bắt buộc; mã định danh (id) được"
        " viết bằng tên.",
        "",
    ]
    for name, command in sorted(COMMAND_CLASSES.items()):
        fields = "; ".join(
            f"`{f}`{'*' if r else ''}: {_md_escape(w)}" for f, w, r in field_rows(command)
        )
        out += [f"- **{name}** — {fields}", ""]
    return "\n".join(out).rstrip() + "\n"


_QUOTED = re.compile(r'"[^"]*"')
_NUMBERS = re.compile(r"[0-9][0-9.,/:]*")


def _shape(text: str) -> str:
    """A step's words without its values: names become "", numbers become 0."""
    return _NUMBERS.sub("0", _QUOTED.sub('""', nfc(text).lower()))


def closest(kind: str | None, text: str, n: int = 3) -> list[StepDoc]:
    """The catalogue steps that read most like `text` (difflib over the steps' words).

    Names and numbers are left out of the comparison, so a step is matched by what it says,
    not by the names it happens to share; steps of the same kind (Cho, Khi, Thì) rank first.
    """
    shape = _shape(text)
    words = set(shape.split())

    def score(s: StepDoc) -> float:
        other = _shape(s.example)
        ratio = difflib.SequenceMatcher(None, shape, other).ratio()
        common = len(words & set(other.split())) / max(len(words | set(other.split())), 1)
        return ratio + common + (0.3 if kind is None or s.kind == kind else 0.0)

    return sorted(CATALOGUE, key=score, reverse=True)[:n]
