"""The holiday arrangements shipped with xuanren, copied from the State Council's notices.

Each year is typed in from 《国务院办公厅关于XXXX年部分节假日安排的通知》 as published on www.gov.cn,
one :class:`~xuanren.rules.calendar.years.Holiday` per line of the notice. The notice for a year is
published in the November or December before it; a year whose notice is not out yet is simply absent,
and the calendar refuses to judge its dates ("2027年的节假日安排尚未录入，请先录入") rather than guess.
The organiser adds or corrects a year in the application; those entries override the years here.

Shipped: 2025 and 2026. Not yet published when this data was entered: 2027.

>>> sorted(SHIPPED_YEARS)
[2025, 2026]
>>> [h.name for h in SHIPPED_YEARS[2026].holidays]
['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节']
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType

from xuanren.rules.calendar.years import Holiday, YearData

Y2025 = YearData(2025, (
    Holiday("元旦", date(2025, 1, 1), date(2025, 1, 1)),
    Holiday("春节", date(2025, 1, 28), date(2025, 2, 4), (date(2025, 1, 26), date(2025, 2, 8))),
    Holiday("清明节", date(2025, 4, 4), date(2025, 4, 6)),
    Holiday("劳动节", date(2025, 5, 1), date(2025, 5, 5), (date(2025, 4, 27),)),
    Holiday("端午节", date(2025, 5, 31), date(2025, 6, 2)),
    Holiday("国庆节、中秋节", date(2025, 10, 1), date(2025, 10, 8), (date(2025, 9, 28), date(2025, 10, 11))),
), "国务院办公厅关于2025年部分节假日安排的通知（2024年11月12日），"
   "https://www.gov.cn/zhengce/content/202411/content_6986382.htm")

Y2026 = YearData(2026, (
    Holiday("元旦", date(2026, 1, 1), date(2026, 1, 3), (date(2026, 1, 4),)),
    Holiday("春节", date(2026, 2, 15), date(2026, 2, 23), (date(2026, 2, 14), date(2026, 2, 28))),
    Holiday("清明节", date(2026, 4, 4), date(2026, 4, 6)),
    Holiday("劳动节", date(2026, 5, 1), date(2026, 5, 5), (date(2026, 5, 9),)),
    Holiday("端午节", date(2026, 6, 19), date(2026, 6, 21)),
    Holiday("中秋节", date(2026, 9, 25), date(2026, 9, 27)),
    Holiday("国庆节", date(2026, 10, 1), date(2026, 10, 7), (date(2026, 9, 20), date(2026, 10, 10))),
), "国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日），"
   "https://www.gov.cn/zhengce/content/202511/content_7047090.htm")

SHIPPED_YEARS: Mapping[int, YearData] = MappingProxyType({y.year: y for y in (Y2025, Y2026)})
