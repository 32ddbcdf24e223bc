"""Names for demo people, drawn at run time from common surname and given-name characters.

The lists hold single characters only; full names exist only as drawn, so no real person is named in
the code.
"""

from __future__ import annotations

import random

# Common single-character surnames, roughly in order of frequency.
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严武戴孔汤"
)
# The most common surnames are drawn more often, as in life.
_SURNAME_WEIGHTS = [max(1.0, 12.0 - i * 0.25) for i in range(len(SURNAMES))]

# Given-name characters, by the gender they are more often used for; NEUTRAL serves both.
MALE_CHARS = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宁凯健俊浩亮建国志新海峰东林兵旭成康瑞锋晨阳帅博龙振"
FEMALE_CHARS = "芳娜敏静丽艳娟霞燕玲婷雪慧颖琳洁倩晶萍红梅琴兰莉丹蕾薇媛璐瑶悦琪露蓉月凤莹妍"
NEUTRAL_CHARS = "晓佳欣宇思子雨嘉春秋亚文一立永云清安泽天正雅"


# Draws that read as a common word rather than a name.
_AWKWARD = frozenset({"韩国", "白云", "石林", "江东"})


def person_name(rng: random.Random, gender: str) -> str:
    """A name of two or three characters for gender ``"M"`` or ``"F"``."""
    surname = rng.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0]
    own = MALE_CHARS if gender == "M" else FEMALE_CHARS
    pool = own * 3 + NEUTRAL_CHARS  # mostly gendered characters, some neutral
    while True:
        if rng.random() < 0.3:
            name = surname + rng.choice(own)
        else:
            first = rng.choice(pool)
            second = rng.choice(own if first in NEUTRAL_CHARS else pool)
            while second == first:
                second = rng.choice(own)
            name = surname + first + second
        if name not in _AWKWARD:
            return name
