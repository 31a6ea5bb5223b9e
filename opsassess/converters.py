"""URL converters. `id` is Django's `int` bounded to ids a database can hold: an id of
19 digits or more (above 2**63) would overflow the database driver and answer 500;
with this converter it simply matches no URL, a 404."""

from django.urls import register_converter


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
