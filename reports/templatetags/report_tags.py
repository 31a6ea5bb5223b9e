"""Layout helpers only: every figure, label and colour comes from the presentation model."""

from typing import Any

from django import template

register = template.Library()


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key) if mapping else None
