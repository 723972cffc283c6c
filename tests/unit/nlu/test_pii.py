"""THE masking function (nlu.pii.mask_text): every form of a number, every kind of name."""

from __future__ import annotations

import pytest

from nlu.pii import mask_text

PHONE_TAIL = "8888"


@pytest.mark.parametrize(
    "text",
    [
        "路灯坏了 电话幺三九五三零零八八八八",
        "路灯坏了 电话一三九五三零零八八八八",
        "电话139五三零零8888",
        "电话一三九 五三零零 八八八八",
        "电话 幺叁玖-伍叁零零-捌捌捌捌",
        "手机一三九五三〇〇八八八八",
        "+86 一三九五三零零八八八八",
    ],
)
def test_phones_in_spoken_digits_are_masked(text: str) -> None:
    masked = mask_text(text)
    assert "8888" in masked
    assert "5300" not in masked
    assert "五三零零" not in masked
    assert "五三〇〇" not in masked
    assert "伍叁零零" not in masked


def test_id_number_in_spoken_digits_is_masked() -> None:
    masked = mask_text("身份证三七一七零二一九九零零一零一一二三四")
    assert masked == "身份证3717**********1234"


@pytest.mark.parametrize("text", ["一个多星期", "三号楼一单元", "一二三四五六", "十二月一号"])
def test_spoken_numbers_that_are_not_phones_stay(text: str) -> None:
    assert mask_text(text) == text


@pytest.mark.parametrize(
    ("text", "clear"),
    [
        ("我的微信号wx13953008888", "13953008888"),
        ("QQ号qq13953008888加我", "13953008888"),
        ("账号user_139-5300-8888", "5300"),
    ],
)
def test_phone_inside_an_account_id_is_masked(text: str, clear: str) -> None:
    assert clear not in mask_text(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("我叫欧阳娜娜", "我叫欧阳**"),
        ("联系人：司马光", "联系人：司马*"),
        ("欧阳娜娜 13812345678", "欧阳** 138****5678"),
        ("13812345678 诸葛亮", "138****5678 诸葛*"),
        ("上官婉儿女士反映", "上官**女士反映"),
    ],
)
def test_compound_surnames_keep_the_whole_surname(text: str, expected: str) -> None:
    assert mask_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("王小明女士", "王**女士"),
        ("路灯坏了 联系王小明女士", "路灯坏了 联系王**女士"),
        ("请找李四先生", "请找李*先生"),
        ("楼下张建国师傅修过", "楼下张**师傅修过"),
        ("我们小区刘芳老师说", "我们小区刘*老师说"),
        ("隔壁赵德柱大爷", "隔壁赵**大爷"),
        ("物业的陈红阿姨", "物业的陈*阿姨"),
    ],
)
def test_names_with_a_title_are_masked(text: str, expected: str) -> None:
    assert mask_text(text) == expected


@pytest.mark.parametrize("text", ["王女士", "联系李老师", "找张师傅", "这位先生", "今天王大爷来了"])
def test_a_surname_with_a_title_alone_is_kept(text: str) -> None:
    assert mask_text(text) == text


@pytest.mark.parametrize(
    ("text", "clear"),
    [
        ("我是王小明，家住长江路88号", "88"),
        ("阳光小区3号楼2单元501室的暖气不热", "501"),
        ("金色家园12栋-302漏水", "302"),
        ("住在五号院三号楼", "五号院"),
    ],
)
def test_public_answers_mask_the_exact_address(text: str, clear: str) -> None:
    assert clear not in mask_text(text, public=True)
    assert clear in mask_text(text)  # units and the centre keep the exact spot


def test_public_masking_keeps_dates_and_hotline_numbers() -> None:
    text = "12月1号开始停水，拨打12345热线"
    assert mask_text(text, public=True) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("窗口的工作人员李秀英，态度恶劣还骂人", "窗口的工作人员李**，态度恶劣还骂人"),
        ("民警张伟说不归他管", "民警张*说不归他管"),
        ("工作人员张三态度差", "工作人员张*态度差"),
        ("医生王小二给我看病", "医生王**给我看病"),
        ("物业经理刘强让我们等", "物业经理刘*让我们等"),
        ("网格员：赵明明不管", "网格员：赵**不管"),
    ],
)
def test_public_answers_mask_a_staff_members_name(text: str, expected: str) -> None:
    assert mask_text(text, public=True) == expected
    assert mask_text(text) == text  # the unit handling the complaint must know whom


@pytest.mark.parametrize(
    "text", ["工作人员态度很差", "小区保安不让进", "工作人员李说明天来", "主任说了算"]
)
def test_role_words_without_a_name_stay(text: str) -> None:
    assert mask_text(text, public=True) == text


# -- trial3 F45/F14/F23/F13/F15/F42: forms and kinds of personal data that stayed clear -----


@pytest.mark.parametrize(
    "text",
    [
        "电话139\u200b5300\u200b8888，路灯坏了",  # zero-width spaces between the groups
        "电话139\u20605300\u20608888",  # word joiners
        "电话\ufeff139\u00ad5300\u00ad8888",  # BOM, soft hyphens
        "电话١٣٩٥٣٠٠٨٨٨٨，路灯坏了",  # Arabic-Indic digits
        "电话۱۳۹۵۳۰۰۸۸۸۸",  # extended Arabic-Indic digits
        "电话१३९५३००८८८८",  # Devanagari digits
    ],
)
def test_phones_in_any_unicode_digits_or_with_invisible_separators_are_masked(
    text: str,
) -> None:
    masked = mask_text(text)
    assert "8888" in masked
    for hidden in ("5300", "٥٣٠٠", "۵۳۰۰", "५३००"):
        assert hidden not in masked.replace("\u200b", "").replace("\u2060", "")


@pytest.mark.parametrize(
    ("text", "clear"),
    [
        ("银行卡号6222021234567890123被冻结了", "2102345678901"),
        ("卡号 6222 0212 3456 7890 123 被扣了钱", "0212 3456 7890"),
        ("信用卡4392258403981234", "25840398"),
        ("邮箱zhangsan@163.com，路灯坏了", "zhangsan"),
        ("联系邮箱：Li.Xiao-Ming@example.com.cn", "Xiao-Ming"),
        ("QQ号是987654321，楼道灯坏了", "987654321"),
        ("qq：12345678 有事找我", "12345678"),
        ("微信号wx_zhangsan，楼道灯坏了", "zhangsan"),
        ("加我微信：liuqiang1990", "liuqiang1990"),
        ("护照E12345678，路灯坏了", "12345678"),
        ("护照号码：G87654321", "87654321"),
    ],
)
def test_bank_cards_emails_im_accounts_and_passports_are_masked(text: str, clear: str) -> None:
    masked = mask_text(text)
    assert clear not in masked
    assert clear.replace(" ", "") not in masked.replace(" ", "")
    assert mask_text(text, public=True) != text


@pytest.mark.parametrize(
    "text",
    [
        "拨打12345热线",
        "工单HZ20261201-000001",
        "2026年12月1日",
        "订单号20261201000001",
        "见https://example.com/wxabcdef12",
        "微信公众号菏泽12345",
    ],
)
def test_numbers_that_are_not_cards_stay(text: str) -> None:
    assert mask_text(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("本人叫张 三，楼道灯坏了", "本人叫张 *，楼道灯坏了"),
        ("我叫 马 云 路灯坏了", "我叫 马 * 路灯坏了"),
        ("我叫王 小明", "我叫王 **"),
        ("我儿子张小军在实验小学被欺负了", "我儿子张**在实验小学被欺负了"),
        ("我女儿李小红被打了", "我女儿李**被打了"),
        ("俺老伴刘桂兰住院了", "俺老伴刘**住院了"),
    ],
)
def test_spaced_names_and_names_after_a_kinship_word_are_masked(text: str, expected: str) -> None:
    assert mask_text(text) == expected


@pytest.mark.parametrize("text", ["我儿子在学校被打了", "我女儿上三年级", "孩子他爸不管"])
def test_kinship_words_without_a_name_stay(text: str) -> None:
    assert mask_text(text) == text


@pytest.mark.parametrize(
    "text",
    ["路灯坏了（已经三天）：请尽快修！谢谢～", "联系执法中队（电话13953009999）处理"],
)
def test_masking_keeps_chinese_punctuation(text: str) -> None:
    masked = mask_text(text, public=True)
    assert "（" in masked
    assert "）" in masked
    assert "(" not in masked
    assert ")" not in masked


def test_a_landline_in_full_width_brackets_is_still_masked() -> None:
    masked = mask_text("电话（0530）5551234")
    assert "5551234" not in masked


# trial3 F43: an office's published number in a text the centre or a unit wrote


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("请致电市住房公积金中心办公室0530-5551234咨询", "0530-5551234"),
        ("服务电话：（0530）5551234，工作日受理", "5551234"),
        ("可拨打12345或0530-12345咨询", "0530-12345"),
        ("咨询电话零五三零五五五一二三四", "零五三零五五五一二三四"),
    ],
)
def test_published_office_landlines_stay_readable(text: str, kept: str) -> None:
    assert kept in mask_text(text, published=True)


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("联系人王小明，手机13953001234", "13953001234"),
        ("经办人电话139 5300 1234", "5300"),
        ("身份证371702199001011234请带原件", "199001011234"),
        ("联系人王小明，座机0530-5551234", "小明"),
    ],
)
def test_published_texts_still_mask_mobiles_ids_and_names(text: str, hidden: str) -> None:
    assert hidden not in mask_text(text, published=True)


def test_a_citizens_landline_stays_masked() -> None:
    # the same number in a citizen's text (not published=True) is personal data
    assert "5551234" not in mask_text("我家座机0530-5551234，有事打这个")
    assert "5551234" not in mask_text("我家座机0530-5551234", public=True)


# trial5 F03: a mobile with brackets round its prefix or any punctuation between its
# groups, as citizens and units write it (spoken digits too)
@pytest.mark.parametrize(
    "form",
    [
        "(139)53001234", "（139）53001234", "139，5300，1234", "139、5300、1234",
        "139—5300—1234", "139–5300–1234", "139～5300～1234", "139~5300~1234",
        "139|5300|1234", "139*5300*1234", "139:5300:1234", "139 - 5300 - 1234",
        "139\n5300\n1234", "139,5300,1234", "139;5300;1234", "139。5300。1234",
        "一三九—五三零零—一二三四",
    ],
)  # fmt: skip
def test_a_mobile_with_punctuation_between_its_groups_is_masked(form: str) -> None:
    for public in (False, True):
        masked = mask_text(f"电话{form}，路灯坏了", public=public)
        assert "5300" not in masked, masked
        assert "五三零零" not in masked, masked
        assert masked.endswith("，路灯坏了")


def test_two_mobiles_in_a_list_stay_two() -> None:
    assert mask_text("电话13953001234，13853005678") == "电话139****1234，138****5678"


@pytest.mark.parametrize("text", ["身份证号3717 0219 8503 1543 2X", "电话3717-0219-8503-1543-2X"])
def test_a_spaced_id_number_keeps_four_at_each_end(text: str) -> None:
    # trial5 F06: read as a 16-digit card plus a remainder, six characters showed
    assert mask_text(text).endswith("3717**********432X")


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("我邻居赵大海占道", "我邻居赵**占道"),
        ("房东孙小美不退押金", "房东孙**不退押金"),
        ("老板周杰拖欠工资", "老板周*拖欠工资"),
        ("举报人：陈晓东 路灯坏了", "举报人：陈** 路灯坏了"),
        ("包工头刘大山不给钱", "包工头刘**不给钱"),
        ("城管队员刘强打人", "城管队员刘*打人"),  # F05: the verb is no part of the name
    ],
)
def test_people_named_beside_a_citizen_are_masked_in_public(text: str, masked: str) -> None:
    # trial5 F04: 邻居, 房东, 老板, 举报人 … name a person like the staff role words
    assert mask_text(text, public=True) == masked


@pytest.mark.parametrize(
    "text", ["房东不退押金", "老板拖欠工资", "我朋友说路灯坏了", "老板说明天给"]
)
def test_a_role_word_without_a_name_is_kept(text: str) -> None:
    assert mask_text(text, public=True) == text


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        # the estate's name is the exact address as much as its building (trial8 F22)
        ("住在和平小区5栋3-402", "住在**小区*栋*-***"),
        ("5号楼3-402室", "*号楼*-***室"),
        ("住在5-2-301", "住在*-*-***"),
    ],
)
def test_unit_and_room_shorthand_is_masked_in_public(text: str, masked: str) -> None:
    # trial5 F07
    assert mask_text(text, public=True) == masked


@pytest.mark.parametrize("text", ["2024-12-01开会", "时间13:53:00", "第1，2，3条", "价格3500元"])
def test_dates_times_and_counts_stay(text: str) -> None:
    assert mask_text(text, public=True) == text


# -- trial6 F02: a role or title word before a name is kept, the name masked ---------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("联系人：执法队员刘强 13953009999", "联系人：执法队员刘* 139****9999"),
        ("联系人执法队员刘强", "联系人执法队员刘*"),
        ("联系人工作人员王小明", "联系人工作人员王**"),
        ("联系人：网格员张伟", "联系人：网格员张*"),
        ("联系人：社区主任李红梅", "联系人：社区主任李**"),
        ("联系人民警赵刚", "联系人民警赵*"),
        ("姓名：科长孙立", "姓名：科长孙*"),
        ("联系人：城管执法队员刘强处理", "联系人：城管执法队员刘*处理"),
        ("我是网格员张伟，已上门", "我是网格员张*，已上门"),
        ("联系人是街道办工作人员欧阳娜娜", "联系人是街道办工作人员欧阳**"),
        ("联系人：村干部王五", "联系人：村干部王*"),
    ],
)
def test_a_role_word_before_a_contacts_name_is_kept_and_the_name_masked(
    text: str, masked: str
) -> None:
    # the contact's name is masked in every answer (logs too), the role word never is
    assert mask_text(text) == masked
    assert mask_text(text, public=True) == masked


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("执法队员刘强", "执法队员刘*"),
        ("可联系执法队员刘强处理", "可联系执法队员刘*处理"),
        ("社区网格员张伟已上门回访", "社区网格员张*已上门回访"),
        ("派出所民警赵刚到场", "派出所民警赵*到场"),
        ("街道办科长孙立已答复", "街道办科长孙*已答复"),
        ("社区主任李红梅称下周修", "社区主任李**称下周修"),
        ("片警赵四到场", "片警赵*到场"),
        ("工作人员：王小明", "工作人员：王**"),
    ],
)
def test_public_answers_keep_the_role_and_mask_the_name(text: str, masked: str) -> None:
    assert mask_text(text, public=True) == masked


@pytest.mark.parametrize(
    "text", ["联系人：工作人员", "联系人：执法队员", "姓名：网格员", "我是业主", "联系人：民警"]
)
def test_a_role_word_where_a_name_would_be_is_no_name(text: str) -> None:
    assert mask_text(text) == text
    assert mask_text(text, public=True) == text
