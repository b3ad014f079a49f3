import datetime

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from registry.identifiers import (
    CREDIT_CODE_AUTHORITY_CHARS,
    CREDIT_CODE_CHARSET,
    credit_code_check_char,
    mask_phone,
    mask_resident_id,
    normalize_credit_code,
    normalize_resident_id,
    resident_id_birth_date,
    resident_id_check_char,
    validate_credit_code,
    validate_mobile,
    validate_resident_id,
)

RESIDENT_ID_CHARS = "0123456789X"
DIGITS = "0123456789"


def error_of(validator, value, **kwargs) -> ValidationError:
    with pytest.raises(ValidationError) as info:
        validator(value, **kwargs)
    return info.value


# --- Strategies -----------------------------------------------------------


@st.composite
def resident_ids(draw) -> str:
    region = draw(st.text(DIGITS, min_size=6, max_size=6))
    birth = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date.today()))
    sequence = draw(st.text(DIGITS, min_size=3, max_size=3))
    body = region + birth.strftime("%Y%m%d") + sequence
    return body + resident_id_check_char(body)


@st.composite
def credit_codes(draw) -> str:
    authority = draw(st.sampled_from(CREDIT_CODE_AUTHORITY_CHARS))
    category = draw(st.sampled_from(CREDIT_CODE_CHARSET))
    division = draw(st.text(DIGITS, min_size=6, max_size=6))
    organisation = draw(st.text(CREDIT_CODE_CHARSET, min_size=9, max_size=9))
    body = authority + category + division + organisation
    return body + credit_code_check_char(body)


def substitute(value: str, position: int, replacement: str) -> str:
    return value[:position] + replacement + value[position + 1 :]


# --- Resident ID: check character -----------------------------------------


def test_it_computes_the_standard_example_check_char():
    assert resident_id_check_char("11010519491231002") == "X"


def test_it_computes_a_digit_check_char():
    assert resident_id_check_char("11010119900307001") == "1"


def test_it_refuses_a_malformed_resident_id_body():
    with pytest.raises(ValueError):
        resident_id_check_char("1234")


# --- Resident ID: validation ----------------------------------------------


@pytest.mark.parametrize("value", ["11010519491231002X", "110101199003070011", "440304198501011235"])
def test_it_accepts_valid_resident_ids(value):
    validate_resident_id(value)


@pytest.mark.parametrize("value", ["", "11010519491231002", "11010519491231002X0"])
def test_it_rejects_resident_ids_of_wrong_length(value):
    error = error_of(validate_resident_id, value)
    assert error.code == "length"
    assert error.message == f"身份证号码应为18位，当前为{len(value)}位"


@pytest.mark.parametrize(
    "value",
    [
        "11010519491231002x",  # lowercase x is for normalize_resident_id to fix
        "1101051949123100XX",
        "11010519491231002A",
        "A1010519491231002X",
        "110105１9491231002X",  # full-width digit
    ],
)
def test_it_rejects_resident_ids_with_bad_characters(value):
    error = error_of(validate_resident_id, value)
    assert error.code == "characters"
    assert error.message == "身份证号码只能由数字和末位X组成"


@pytest.mark.parametrize(
    "birth",
    ["19490230", "19491331", "19490000", "18991231", "20990101"],
)
def test_it_rejects_resident_ids_with_bad_birth_dates(birth):
    body = "110105" + birth + "002"
    error = error_of(validate_resident_id, body + resident_id_check_char(body))
    assert error.code == "birth_date"
    assert error.message == "身份证号码中的出生日期无效"


def test_it_accepts_a_birth_date_of_today_but_not_tomorrow():
    body = "110105" + "20240301" + "002"
    value = body + resident_id_check_char(body)
    validate_resident_id(value, today=datetime.date(2024, 3, 1))
    assert error_of(validate_resident_id, value, today=datetime.date(2024, 2, 29)).code == "birth_date"


def test_it_accepts_the_earliest_allowed_birth_date():
    body = "110105" + "19000101" + "002"
    validate_resident_id(body + resident_id_check_char(body))


def test_it_rejects_a_resident_id_with_a_wrong_check_char():
    error = error_of(validate_resident_id, "110105194912310021")
    assert error.code == "checksum"
    assert error.message == "身份证号码校验位不正确"


def test_it_reads_the_birth_date_from_a_resident_id():
    assert resident_id_birth_date("11010519491231002X") == datetime.date(1949, 12, 31)


def test_it_normalizes_a_resident_id():
    assert normalize_resident_id("  11010519491231002x\n") == "11010519491231002X"
    assert normalize_resident_id("110101199003070011") == "110101199003070011"


@given(resident_ids())
def test_it_accepts_generated_resident_ids(value):
    validate_resident_id(value)


@given(resident_ids(), st.data())
def test_it_rejects_any_single_character_change_in_a_resident_id(value, data):
    position = data.draw(st.integers(min_value=0, max_value=17))
    allowed = RESIDENT_ID_CHARS if position == 17 else DIGITS
    replacement = data.draw(st.sampled_from(allowed).filter(lambda ch: ch != value[position]))
    with pytest.raises(ValidationError):
        validate_resident_id(substitute(value, position, replacement))


@given(resident_ids())
def test_it_normalizes_a_lowercase_generated_resident_id_back(value):
    assert normalize_resident_id(" " + value.lower() + " ") == value


# --- Credit code: check character -----------------------------------------


def test_it_computes_a_known_credit_code_check_char():
    assert credit_code_check_char("91350100M000100Y4") == "3"


def test_it_refuses_a_credit_code_body_with_forbidden_characters():
    with pytest.raises(ValueError):
        credit_code_check_char("91350100M000100I4")


# --- Credit code: validation ----------------------------------------------


@pytest.mark.parametrize("value", ["91350100M000100Y43", "52440300MJL1234565", "51110108MJ00000012"])
def test_it_accepts_valid_credit_codes(value):
    validate_credit_code(value)


@pytest.mark.parametrize("value", ["", "91350100M000100Y4", "91350100M000100Y433"])
def test_it_rejects_credit_codes_of_wrong_length(value):
    error = error_of(validate_credit_code, value)
    assert error.code == "length"
    assert error.message == f"统一社会信用代码应为18位，当前为{len(value)}位"


@pytest.mark.parametrize(
    "value",
    [
        "91350100M000100I43",
        "91350100M000100O43",
        "91350100M000100S43",
        "91350100M000100V43",
        "91350100M000100Z43",
        "91350100m000100y43",  # lowercase is for normalize_credit_code to fix
        "91350100M000100-43",
    ],
)
def test_it_rejects_credit_codes_with_bad_characters(value):
    error = error_of(validate_credit_code, value)
    assert error.code == "characters"
    assert error.message == "统一社会信用代码含有不允许的字符（不使用I、O、S、V、Z）"


@pytest.mark.parametrize("authority", ["0", "H", "J", "X"])
def test_it_rejects_credit_codes_with_an_unknown_authority(authority):
    body = authority + "1350100M000100Y4"
    error = error_of(validate_credit_code, body + credit_code_check_char(body))
    assert error.code == "authority"
    assert error.message == "统一社会信用代码的登记管理部门码无效"


@pytest.mark.parametrize("division", ["A50100", "35010B", "3501Y0"])
def test_it_rejects_credit_codes_with_a_non_numeric_division(division):
    body = "91" + division + "M000100Y4"
    error = error_of(validate_credit_code, body + credit_code_check_char(body))
    assert error.code == "division"
    assert error.message == "统一社会信用代码中的行政区划码无效"


def test_it_rejects_a_credit_code_with_a_wrong_check_char():
    error = error_of(validate_credit_code, "91350100M000100Y44")
    assert error.code == "checksum"
    assert error.message == "统一社会信用代码校验位不正确"


def test_it_normalizes_a_credit_code():
    assert normalize_credit_code("  91350100m000100y43\t") == "91350100M000100Y43"


@given(credit_codes())
def test_it_accepts_generated_credit_codes(value):
    validate_credit_code(value)


@given(credit_codes(), st.data())
def test_it_rejects_any_single_character_change_in_a_credit_code(value, data):
    position = data.draw(st.integers(min_value=0, max_value=17))
    replacement = data.draw(st.sampled_from(CREDIT_CODE_CHARSET).filter(lambda ch: ch != value[position]))
    with pytest.raises(ValidationError):
        validate_credit_code(substitute(value, position, replacement))


# --- Mobile ---------------------------------------------------------------


@pytest.mark.parametrize("value", ["13812345678", "15900000000", "19999999999", "16600001111"])
def test_it_accepts_valid_mobiles(value):
    validate_mobile(value)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "1381234567",
        "138123456789",
        "12812345678",
        "23812345678",
        "1381234567a",
        "13812345678\n",
        "+8613812345678",
        "１３８１２３４５６７８",  # full-width digits
    ],
)
def test_it_rejects_invalid_mobiles(value):
    error = error_of(validate_mobile, value)
    assert error.code == "mobile"
    assert error.message == "手机号码应为以1开头的11位数字"


@given(st.text().filter(lambda s: len(s) != 11))
def test_it_rejects_mobiles_not_eleven_characters_long(value):
    assert error_of(validate_mobile, value).code == "mobile"


@given(st.sampled_from("3456789"), st.text(DIGITS, min_size=9, max_size=9))
def test_it_accepts_generated_mobiles(second, rest):
    validate_mobile("1" + second + rest)


# --- Masking --------------------------------------------------------------


def test_it_masks_a_resident_id():
    assert mask_resident_id("110102199001011234") == "110102********1234"


def test_it_masks_a_phone():
    assert mask_phone("13812345678") == "138****5678"


def test_it_keeps_empty_values_empty_when_masking():
    assert mask_resident_id("") == ""
    assert mask_phone("") == ""


def test_it_fully_masks_short_values():
    assert mask_resident_id("123456789") == "*********"
    assert mask_resident_id("1234567890") == "**********"
    assert mask_phone("123456") == "******"
    assert mask_phone("1234567") == "*******"


@given(resident_ids())
def test_it_masks_resident_ids_keeping_only_prefix_and_suffix(value):
    masked = mask_resident_id(value)
    assert len(masked) == len(value)
    assert masked[:6] == value[:6]
    assert masked[-4:] == value[-4:]
    assert masked[6:-4] == "*" * 8


@given(st.text(DIGITS, min_size=8, max_size=20))
def test_it_masks_phones_keeping_only_prefix_and_suffix(value):
    masked = mask_phone(value)
    assert len(masked) == len(value)
    assert masked[:3] == value[:3]
    assert masked[len(value) - 4 :] == value[len(value) - 4 :]
    assert set(masked[3 : len(value) - 4]) <= {"*"}


@given(st.text(max_size=30))
def test_it_keeps_length_when_masking_anything(value):
    assert len(mask_resident_id(value)) == len(value)
    assert len(mask_phone(value)) == len(value)


@given(st.text(max_size=9))
def test_it_hides_every_character_of_a_short_resident_id(value):
    assert mask_resident_id(value) == "*" * len(value)


@given(st.text(max_size=6))
def test_it_hides_every_character_of_a_short_phone(value):
    assert mask_phone(value) == "*" * len(value)
