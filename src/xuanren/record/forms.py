"""Parsing the record's filter and the expected head from a query string."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from xuanren.record.selectors import EventFilter
from xuanren.rules import chain


class EventFilterForm(forms.Form):
    actor = forms.CharField(label=_("操作人"), required=False, max_length=150)
    action = forms.CharField(label=_("操作"), required=False, max_length=80,
                             help_text=_("操作代码或其开头，如 users."))
    object_type = forms.CharField(label=_("对象类型"), required=False, max_length=80)
    object_id = forms.CharField(label=_("对象编号"), required=False, max_length=64)
    date_from = forms.DateField(label=_("起始日期"), required=False,
                                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("截止日期"), required=False,
                              widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    text = forms.CharField(label=_("对象名称含"), required=False, max_length=200)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError(_("起始日期晚于截止日期"))
        return data

    def event_filter(self) -> EventFilter:
        """The filter from the valid fields; an invalid form filters by its valid fields only."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return EventFilter(
            actor=(data.get("actor") or "").strip(),
            action=(data.get("action") or "").strip(),
            object_type=(data.get("object_type") or "").strip(),
            object_id=(data.get("object_id") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            text=(data.get("text") or "").strip(),
        )


class ExpectedHeadForm(forms.Form):
    expect = forms.CharField(label=_("此前记下的链头"), required=False, max_length=100,
                             help_text=_("格式：序号:哈希，或只填哈希"))

    def clean_expect(self) -> chain.Expected | None:
        text = (self.cleaned_data.get("expect") or "").strip()
        if not text:
            return None
        try:
            return chain.Expected.parse(text)
        except ValueError:
            raise forms.ValidationError(_("链头应为 64 位十六进制哈希，可在前面加“序号:”")) from None
