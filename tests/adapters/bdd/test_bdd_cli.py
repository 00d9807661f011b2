"""`nghedan features run` runs the project's features/ (and any folder) with no conftest."""

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from nghedan_bdd.cli import features_group

ROOT = Path(__file__).resolve().parents[3]
FEATURES = ROOT / "features"

CAPABILITIES = {
    "lich_va_luan_phien.feature",
    "y_kien_va_lich_hen.feature",
    "quy_va_cong_khai.feature",
    "binh_xet_cong_tam.feature",
    "chi_tieu_thang.feature",
    "bao_truoc_tinh_nguyen.feature",
    "bao_cao_dinh_ky.feature",
    "kiem_toan_quy.feature",
}


def test_one_feature_file_per_capability_all_in_vietnamese():
    files = {p.name: p.read_text(encoding="utf-8") for p in FEATURES.glob("*.feature")}
    assert set(files) >= CAPABILITIES
    for name, text in files.items():
        assert text.startswith("# language: vi\n"), name
        assert "Tính năng:" in text, name
    every = "".join(files.values())
    for keyword in (
        "Bối cảnh:",
        "Kịch bản:",
        "Khung kịch bản:",
        "Dữ liệu:",
        "Cho ",
        "Khi ",
        "Thì ",
        "Và ",
    ):
        assert keyword in every, keyword


def test_features_run_passes_on_the_projects_features():
    result = CliRunner().invoke(features_group, ["run", str(FEATURES)])
    assert result.exit_code == 0, result.output
    assert "✘" not in result.output
    assert ", 0 không đạt." in result.output
    assert "Tính năng: Báo cáo định kỳ tái hiện bảng kết quả" in result.output
    assert "Kết quả:" in result.output


def test_features_run_reports_a_failure_with_exit_code_1(tmp_path):
    (tmp_path / "sai.feature").write_text(
        "# language: vi\n"
        "Tính năng: Thử\n"
        "  Kịch bản: Số dư sai\n"
        '    Cho xã "Ninh Thới"\n'
        '    Và quỹ của "Ninh Thới" có số dư 1.000.000 đồng\n'
        '    Thì số dư quỹ của "Ninh Thới" là 2.000.000 đồng\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(features_group, ["run", str(tmp_path)])
    assert result.exit_code == 1
    assert "Số dư quỹ của Ninh Thới là 1.000.000 đ, không phải 2.000.000 đ." in result.output
    assert "Kết quả: 0 kịch bản đạt, 1 không đạt." in result.output


def test_features_run_as_a_program_in_a_folder_without_python(tmp_path):
    (tmp_path / "a.feature").write_text(
        "# language: vi\n"
        "Tính năng: Thử\n"
        "  Kịch bản: Lập quỹ\n"
        '    Cho xã "Ninh Thới"\n'
        '    Khi lập quỹ của "Ninh Thới"\n'
        '    Thì sự kiện "FundOpened" được ghi nhận\n',
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "nghedan_bdd.cli", "run", "."],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "Kịch bản: Lập quỹ    ✔ đạt" in out.stdout
    assert not (tmp_path / ".pytest_cache").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.feature"]


def test_pytest_collects_feature_files_without_a_conftest(tmp_path):
    (tmp_path / "b.feature").write_text(
        "# language: vi\n"
        "Tính năng: Thử\n"
        "  Kịch bản: Lập quỹ\n"
        '    Cho xã "Ninh Thới"\n'
        '    Khi lập quỹ của "Ninh Thới"\n'
        "    Thì lệnh được chấp nhận\n",
        encoding="utf-8",
    )
    out = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "b.feature"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "1 passed" in out.stdout
