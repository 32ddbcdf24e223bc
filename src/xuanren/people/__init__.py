"""Organisations and people (单位, 部门, 干部名册): the register every campaign draws on."""
