"""The consultancy's own settings: its branding, changed by the members allowed to."""

from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from ..branding import colour_checked
from ..models import Firm, FirmMember


def may_brand(user: AbstractBaseUser, firm: Firm) -> bool:
    """An administrator, or a member of the firm an administrator allowed to."""
    if getattr(user, "is_superuser", False):
        return True
    return FirmMember.objects.filter(user_id=user.pk, firm=firm, may_brand=True).exists()


def firm_branding_update(*, firm: Firm, actor: AbstractBaseUser, display_name: str, primary_colour: str,
                         logo_png: bytes | None = None, remove_logo: bool = False) -> Firm:
    """Save the printed name, the colour and the logo (PNG bytes already checked by
    branding.logo_png). A replaced or removed logo's file is deleted once the change is
    committed, so a failed save never leaves the firm pointing at a missing file."""
    old = firm.logo.name if firm.logo else ""
    firm.display_name = display_name.strip()
    firm.primary_colour = colour_checked(primary_colour)
    if logo_png is not None:
        firm.logo.save("logo.png", ContentFile(logo_png), save=False)
    elif remove_logo:
        firm.logo = ""
    firm.branding_changed_at, firm.branding_changed_by = timezone.now(), actor
    with transaction.atomic():
        firm.save(update_fields=["display_name", "primary_colour", "logo", "branding_changed_at",
                                 "branding_changed_by"])
        if old and old != (firm.logo.name if firm.logo else ""):
            storage = firm.logo.storage
            transaction.on_commit(lambda: storage.delete(old))
    return firm


def firm_consultants(firm: Firm) -> list[FirmMember]:
    return list(firm.members.select_related("user").order_by("user__last_name", "user__first_name", "user__email"))
