from collections.abc import Iterable

from django.contrib.auth.models import AbstractUser
from django.db import models

from .roles import Permission, Role, is_scoped, role_may, role_may_act

# The apps whose models the administrator edits in Django's admin (content and accounts).
ADMIN_EDITED_APPS = frozenset({"information", "workup", "access"})


class User(AbstractUser):
    """A member of staff. Each account has exactly one role, and none is a superuser.

    Django's model permissions, which the admin checks, follow the role too: an account
    whose role may edit content holds them for the admin-edited apps, and no other.
    """

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

    def save(self, *args, **kwargs):
        # A superuser would pass every check of the role table: no account of the app is one.
        self.is_superuser = False
        super().save(*args, **kwargs)

    def has_perm(self, perm: str, obj=None) -> bool:
        if self.is_active and self.may(Permission.CONTENT_EDIT):
            return perm.partition(".")[0] in ADMIN_EDITED_APPS
        return False

    def has_module_perms(self, app_label: str) -> bool:
        return (
            self.is_active
            and self.may(Permission.CONTENT_EDIT)
            and (app_label in ADMIN_EDITED_APPS)
        )

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username
