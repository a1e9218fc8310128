from collections.abc import Iterable

from django.contrib.auth.models import AbstractUser
from django.db import models

from .roles import Permission, Role, is_scoped, role_may, role_may_act


class User(AbstractUser):
    """A member of staff. Each account has exactly one role."""

    role = models.CharField(
        max_length=20, choices=[(r.value, r.label) for r in Role], blank=True, default=""
    )
    # A specialist's discipline (e.g. ophthalmology) routes work-up tasks to "My work".
    discipline = models.CharField(max_length=40, blank=True, default="")

    def may(self, permission: Permission) -> bool:
        """True when this account is active and its role grants the permission."""
        return self.is_active and role_may(self.role, permission)

    def may_act(self, permission: Permission, disciplines: Iterable[str]) -> bool:
        """`may`, and for a specialist: only on work of their own discipline."""
        return self.is_active and role_may_act(
            self.role, permission, user_discipline=self.discipline, object_disciplines=disciplines
        )

    def scoped(self, permission: Permission) -> bool:
        """True when this account holds the permission only within its discipline."""
        return is_scoped(self.role, permission)

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
