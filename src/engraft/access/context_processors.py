from django.http import HttpRequest

from .roles import Permission


def access(request: HttpRequest) -> dict[str, object]:
    """Lets templates show only the links a user may follow: `{% if may.inquiry_view %}`."""
    user = getattr(request, "user", None)
    granted = {
        p.name.lower(): bool(user and user.is_authenticated and user.may(p)) for p in Permission
    }
    return {"may": granted}
