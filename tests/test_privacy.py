import pytest

from generator.privacy import find, mask


@pytest.mark.parametrize("text, code", [
    ("联系电话：13800138000", "PRIVACY-PHONE"),
    ("手机 138 0013 8000", "PRIVACY-PHONE"),
    ("电话 0757-8328 2442", "PRIVACY-PHONE"),
    ("(020)12345678", "PRIVACY-PHONE"),
    ("134225642274", "PRIVACY-PHONE"),
    ("邮箱 teacher.li@school.edu.cn", "PRIVACY-EMAIL"),
    ("身份证 44190019900101123X", "PRIVACY-ID"),
])
def test_personal_details_are_found(text, code):
    assert [c for c, _ in find(text)] == [code]


@pytest.mark.parametrize("text", [
    "2020.9-2021.8", "2021 年 3 月下旬", "21 个教学班", "34 人次", "10%", "2020-09-01", "G4 B1 3-8",
    "教师〔2019〕1号", "第 2 阶段 50 学时",
])
def test_ordinary_numbers_are_not_flagged(text):
    assert list(find(text)) == []


def test_mask_hides_the_middle():
    assert mask("13800138000") == "138******00"
