"""Events of the record and the head of their chain.

An event is never updated or deleted by the application; corrections are new events.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from xuanren.rules import chain


class Event(models.Model):
    id = models.BigAutoField(primary_key=True)
    seq = models.PositiveBigIntegerField(_("序号"), unique=True)
    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.CharField(_("操作人"), max_length=150, db_index=True)
    action = models.CharField(_("操作"), max_length=80, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=80, blank=True, db_index=True)
    object_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200, blank=True)
    before_digest = models.CharField(_("变更前摘要"), max_length=64, blank=True)
    after_digest = models.CharField(_("变更后摘要"), max_length=64, blank=True)
    details = models.JSONField(_("说明"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("记实事件")
        verbose_name_plural = _("记实事件")

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_repr}"

    def payload(self) -> dict[str, Any]:
        """What the hash covers. Changing this changes every hash: add fields only with a migration plan."""
        return {
            "seq": self.seq,
            "at": chain_time(self.at),
            "actor": self.actor,
            "action": self.action,
            "object_type": self.object_type,
            "object_id": self.object_id,
            "object_repr": self.object_repr,
            "before": self.before_digest,
            "after": self.after_digest,
            "details": self.details,
        }

    def link(self) -> chain.Link:
        return chain.Link(self.id, self.seq, self.payload(), self.prev_hash, self.hash)


class Head(models.Model):
    """One row: the last event's number and hash. Locked by every append, so appends queue."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=chain.GENESIS)

    class Meta:
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="record_head_singleton")]

    def __str__(self) -> str:
        return f"head #{self.seq}"


def chain_time(value: dt.datetime) -> str:
    """UTC, microseconds: the same string on SQLite and PostgreSQL."""
    return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
