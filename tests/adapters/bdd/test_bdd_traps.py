"""Known traps in staff's feature files get clear Vietnamese messages, not parser tracebacks.

Each test writes a feature file as a staff member might and runs it with the runner that
`nghedan features run` uses (in-process pytest, only the nghedan plugin, no conftest).
"""

import io
import unicodedata
from pathlib import Path

import pytest

from nghedan_bdd.loading import FeatureFileError, load_feature
from nghedan_bdd.runner import run

GOOD = """\
# language: vi
Tính năng: Quỹ của xã

  Bối cảnh:
    Cho xã "Ninh Thới"
    Và cán bộ "Trần Văn An" của "Ninh Thới"
    Và hộ "Thạch Thị Hoa" của "Ninh Thới" thuộc diện "hộ nghèo"
    Và hộ "Thạch Thị Hoa" đã được "Trần Văn An" bình xét chọn tháng 03/2024
    Và quỹ của "Ninh Thới" có số dư 1.000.000 đồng

  Kịch bản: Chi quá số dư
    Khi chi 2.000.000 đồng từ quỹ của "Ninh Thới" cho hộ "Thạch Thị Hoa" để tặng quà do "Trần Văn An" duyệt
    Thì bị từ chối với mã "fund.insufficient_balance"
"""


def write(tmp_path: Path, text: str, name: str = "thu.feature") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def run_file(path: Path) -> tuple[int, str]:
    out = io.StringIO()
    code = run([str(path)], out)
    return code, out.getvalue()


def test_a_good_file_runs_and_prints_vietnamese_gherkin(tmp_path):
    code, out = run_file(write(tmp_path, GOOD))
    assert code == 0, out
    assert "Tính năng: Quỹ của xã" in out
    assert "Kịch bản: Chi quá số dư    ✔ đạt" in out
    assert "✔ Bối cảnh (5 bước)" in out
    assert '✔ Thì bị từ chối với mã "fund.insufficient_balance"' in out
    assert "Kết quả: 1 kịch bản đạt, 0 không đạt." in out


def test_missing_language_line(tmp_path):
    path = write(tmp_path, GOOD.replace("# language: vi\n", ""))
    with pytest.raises(FeatureFileError, match="thiếu dòng '# language: vi'"):
        load_feature(path)
    code, out = run_file(path)
    assert code == 2
    assert "thiếu dòng '# language: vi' ở đầu tệp" in out
    assert "Traceback" not in out
    assert "CompositeParserException" not in out


def test_another_language_is_refused(tmp_path):
    path = write(tmp_path, GOOD.replace("# language: vi", "# language: en"))
    with pytest.raises(FeatureFileError, match="hãy dùng '# language: vi'"):
        load_feature(path)


def test_vi_du_instead_of_du_lieu(tmp_path):
    text = GOOD + (
        "\n  Khung kịch bản: Chi nhiều mức\n"
        '    Khi chi <số tiền> từ quỹ của "Ninh Thới" cho hộ "Thạch Thị Hoa" để tặng quà do'
        ' "Trần Văn An" duyệt\n'
        "    Thì lệnh được chấp nhận\n\n"
        "    Ví dụ:\n"
        "      | số tiền       |\n"
        "      | 100.000 đồng  |\n"
    )
    path = write(tmp_path, text)
    with pytest.raises(FeatureFileError) as refused:
        load_feature(path)
    assert refused.value.line == 19
    assert "bắt đầu bằng 'Dữ liệu:' (không phải 'Ví dụ:')" in str(refused.value)
    code, out = run_file(path)
    assert code == 2
    assert "'Dữ liệu:'" in out
    fixed = write(tmp_path, text.replace("Ví dụ:", "Dữ liệu:"), "sua.feature")
    code, out = run_file(fixed)
    assert code == 0, out
    assert "Kết quả: 2 kịch bản đạt" in out


def test_a_description_may_say_vi_du(tmp_path):
    text = GOOD.replace(
        "Tính năng: Quỹ của xã\n", "Tính năng: Quỹ của xã\n  Ví dụ: chi quá số dư bị từ chối.\n"
    )
    assert load_feature(write(tmp_path, text)).name == "Quỹ của xã"


@pytest.mark.parametrize("first", ["*", "Và", "Nhưng"])
def test_star_or_conjunction_as_first_step(tmp_path, first):
    text = GOOD.replace(
        '  Bối cảnh:\n    Cho xã "Ninh Thới"', f'  Bối cảnh:\n    {first} xã "Ninh Thới"'
    )
    path = write(tmp_path, text)
    with pytest.raises(FeatureFileError) as refused:
        load_feature(path)
    assert refused.value.line == 5
    assert f"bắt đầu bằng '{first}'" in str(refused.value)
    assert "Hãy bắt đầu bằng 'Cho' (hoặc 'Biết'), 'Khi' hoặc 'Thì'" in str(refused.value)
    code, out = run_file(path)
    assert code == 2
    assert "First step in a scenario" not in out


def test_star_later_in_a_scenario_is_fine(tmp_path):
    text = GOOD.replace('    Và quỹ của "Ninh Thới"', '    * quỹ của "Ninh Thới"')
    code, out = run_file(write(tmp_path, text))
    assert code == 0, out


def test_decomposed_unicode_is_normalised_to_nfc(tmp_path):
    decomposed = unicodedata.normalize("NFD", GOOD)
    assert decomposed != GOOD
    path = write(tmp_path, decomposed)
    feature = load_feature(path)
    assert feature.name == "Quỹ của xã"
    assert unicodedata.is_normalized("NFC", next(iter(feature.scenarios)))
    code, out = run_file(path)
    assert code == 0, out
    assert "Kết quả: 1 kịch bản đạt" in out


def test_two_scenarios_with_the_same_name_are_refused(tmp_path):
    text = GOOD + (
        "\n  Kịch bản: Chi quá số dư\n"
        '    Khi chi 500.000 đồng từ quỹ của "Ninh Thới" cho hộ "Thạch Thị Hoa" để tặng quà do'
        ' "Trần Văn An" duyệt\n'
        "    Thì lệnh được chấp nhận\n"
    )
    path = write(tmp_path, text)
    with pytest.raises(FeatureFileError) as refused:
        load_feature(path)
    assert "có 2 kịch bản cùng tên 'Chi quá số dư' (dòng 11, 15)" in str(refused.value)
    code, out = run_file(path)
    assert code == 2
    assert "chỉ kịch bản cuối cùng được chạy" in out


def test_undefined_step_shows_the_closest_steps(tmp_path):
    text = GOOD + (
        "\n  Kịch bản: Bước chưa có\n"
        '    Khi chi tiền cho hộ "Thạch Thị Hoa"\n'
        "    Thì lệnh được chấp nhận\n"
    )
    code, out = run_file(write(tmp_path, text))
    assert code == 1
    assert 'chưa có bước «Khi chi tiền cho hộ "Thạch Thị Hoa"» (loại Khi)' in out
    assert "Các bước gần giống nhất trong catalogue:" in out
    suggestions = out.split("Các bước gần giống nhất trong catalogue:")[1].splitlines()[1:4]
    assert any("Khi chi 2.000.000 đồng từ quỹ của" in s for s in suggestions)
    assert "StepDefinitionNotFoundError" not in out
    assert "Kết quả: 1 kịch bản đạt, 1 không đạt." in out


def test_a_given_step_written_with_khi_suggests_the_cho_step(tmp_path):
    text = GOOD.replace(
        "    Khi chi 2.000.000", '    Khi quỹ của "Ninh Thới" có số dư 5 đồng\n    Và chi 2.000.000'
    )
    code, out = run_file(write(tmp_path, text))
    assert code == 1
    assert 'Cho quỹ của "Ninh Thới" có số dư 10.000.000 đồng' in out


def test_money_with_commas_fails_the_step_with_a_message(tmp_path):
    code, out = run_file(write(tmp_path, GOOD.replace("2.000.000 đồng", "2,000,000 đồng")))
    assert code == 1
    assert "✘ Khi chi 2,000,000 đồng" in out
    assert "'2,000,000' dùng dấu phẩy để ngăn cách hàng nghìn" in out
    assert "– Thì bị từ chối" in out


def test_a_refusal_nobody_checks_fails_the_scenario(tmp_path):
    text = GOOD.replace('    Thì bị từ chối với mã "fund.insufficient_balance"\n', "")
    code, out = run_file(write(tmp_path, text))
    assert code == 1
    assert "bị từ chối nhưng kịch bản không kiểm tra điều đó" in out
    assert "Số dư quỹ 1.000.000 đ không đủ để chi 2.000.000 đ." in out


def test_a_wrong_expectation_says_what_happened(tmp_path):
    code, out = run_file(
        write(tmp_path, GOOD.replace("fund.insufficient_balance", "fund.unlawful_source"))
    )
    assert code == 1
    assert (
        'Mong đợi bị từ chối với mã "fund.unlawful_source", nhưng mã là "fund.insufficient_balance"'
        in out
    )


def test_a_refused_given_step_fails_with_the_domain_message(tmp_path):
    text = GOOD.replace('    Và cán bộ "Trần Văn An" của "Ninh Thới"\n', "")
    code, out = run_file(write(tmp_path, text))
    assert code == 1
    assert "không ghi nhận được (SelectHousehold)" in out
    assert "Không tìm thấy cán bộ Trần Văn An." in out


def test_a_gherkin_syntax_error_is_explained_in_vietnamese(tmp_path):
    text = GOOD.replace("  Kịch bản: Chi quá số dư\n", "  Kich ban: Chi quá số dư\n")
    path = write(tmp_path, text)
    with pytest.raises(FeatureFileError, match="không đọc được dòng") as refused:
        load_feature(path)
    assert "Từ khóa hợp lệ" in str(refused.value) or "Bước phải nằm trong" in str(refused.value)


def test_tags_of_staff_need_no_registration(tmp_path):
    text = GOOD.replace(
        "  Kịch bản: Chi quá số dư", "  @quỹ @chính_sách\n  Kịch bản: Chi quá số dư"
    )
    code, out = run_file(write(tmp_path, text))
    assert code == 0, out


def test_missing_paths_and_empty_folders(tmp_path):
    out = io.StringIO()
    assert run([str(tmp_path / "khong-co")], out) == 2
    assert "Không tìm thấy" in out.getvalue()
    out = io.StringIO()
    assert run([str(tmp_path)], out) == 2
    assert "Không có tệp .feature nào" in out.getvalue()


def test_several_problems_in_one_file_are_all_named(tmp_path):
    text = GOOD.replace("# language: vi\n", "") + "\n    Ví dụ:\n      | a |\n      | 1 |\n"
    with pytest.raises(FeatureFileError) as refused:
        load_feature(write(tmp_path, text))
    assert "nhiều lỗi" in str(refused.value)
    assert "language: vi" in str(refused.value)
    assert "Dữ liệu:" in str(refused.value)


def test_steps_written_as_sentences_still_match(tmp_path):
    text = (
        GOOD.replace("số dư 1.000.000 đồng", "số dư 1.000.000đ.")
        .replace('thuộc diện "hộ nghèo"', 'thuộc diện "hộ nghèo".')
        .replace("tháng 03/2024", "tháng 03/2024.")
    )
    code, out = run_file(write(tmp_path, text))
    assert code == 0, out


NOTICE = """\
# language: vi
Tính năng: Báo trước cho tình nguyện viên

  Kịch bản: Báo đúng 24 giờ trước
    Cho xã "Ninh Thới"
    Và hoạt động tình nguyện "Phát quang" loại "phát quang" của "Ninh Thới" tại "Ấp Ô Rồm" bắt đầu lúc 10/03/2024 07:00
    Và bây giờ là 09/03/2024 07:00
    Khi thông báo cho tình nguyện viên về hoạt động "Phát quang"
    Thì lệnh được chấp nhận
    Khi ghi nhận hoàn thành hoạt động "Phát quang" với 40 lượt người
    Thì sự kiện "VolunteerWorkCompleted" được ghi nhận
"""


def test_a_command_carries_exactly_the_time_the_scenario_set(tmp_path):
    """A notice given "now", exactly 24 hours ahead, is on time: no second is added."""
    code, out = run_file(write(tmp_path, NOTICE))
    assert code == 0, out
    assert "Kết quả: 1 kịch bản đạt, 0 không đạt." in out


TYPO = GOOD.replace(
    '    Thì bị từ chối với mã "fund.insufficient_balance"\n', "    Thì bị từ chối\n"
).replace('cho hộ "Thạch Thị Hoa" để', 'cho hộ "Thach Thi Hoa" để')


@pytest.mark.parametrize("then", ["Thì bị từ chối", "Thì không có sự kiện nào được ghi nhận"])
def test_a_typo_in_a_name_does_not_pass_as_the_refusal_expected(tmp_path, then):
    """`Thì bị từ chối` fails on "not found", naming the households that do exist."""
    assert 'hộ "Thach Thi Hoa"' in TYPO
    code, out = run_file(write(tmp_path, TYPO.replace("Thì bị từ chối", then)))
    assert code == 1, out
    assert 'không tìm thấy hộ "Thach Thi Hoa"' in out
    assert 'các hộ đã có trong kịch bản: "Thạch Thị Hoa"' in out
    assert "Kết quả: 0 kịch bản đạt, 1 không đạt." in out


def test_a_scenario_may_ask_for_the_not_found_refusal_by_name(tmp_path):
    """`Thì bị từ chối với mã "not_found"` still passes on a name never recorded."""
    text = TYPO.replace("    Thì bị từ chối\n", '    Thì bị từ chối với mã "not_found"\n')
    code, out = run_file(write(tmp_path, text))
    assert code == 0, out
