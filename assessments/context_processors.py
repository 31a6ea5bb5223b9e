from django.http import HttpRequest

from .access import is_consultant


def navigation(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_is_consultant": False}
    return {"nav_is_consultant": is_consultant(user)}
