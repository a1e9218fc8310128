"""The staff accounts in the admin: the role is the only grant, and each change is audited.

It lives in the project shell because it needs both the accounts (access) and the audit
trail, which sits above access in the layers.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin

from engraft.access.admin_site import site
from engraft.access.models import User
from engraft.audit.models import AuditAction
from engraft.audit.services import audit_event, client_address

from .second_factor import reset_second_factor

# The account fields whose change alters what someone may see or do: each change is audited.
ACCESS_FIELDS = ("role", "discipline", "is_active", "is_staff")


class StaffAdmin(UserAdmin):
    list_display = (
        "username",
        "first_name",
        "last_name",
        "email",
        "role",
        "discipline",
        "is_active",
    )
    list_filter = ("role", "is_active")
    # No superuser flag, groups or per-user permissions: the role is the only grant.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        ("Personal info", {"fields": ("first_name", "last_name", "email")}),
        ("Role", {"fields": ("role", "discipline", "is_active", "is_staff")}),
        ("Important dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Role", {"fields": ("role", "discipline")}))
    readonly_fields = ("last_login", "date_joined")
    actions = ["reset_second_factor"]

    @admin.action(description="Reset the second factor (a lost phone): they enrol again")
    def reset_second_factor(self, request, queryset):
        for user in queryset:
            reset_second_factor(user=user, actor=request.user, ip=client_address(request))
        messages.info(request, f"Reset the second factor of {queryset.count()} account(s).")

    def get_readonly_fields(self, request, obj=None):
        # Nobody changes their own access: another administrator must (and is audited).
        own = obj is not None and obj.pk == request.user.pk
        return (*self.readonly_fields, *(ACCESS_FIELDS if own else ()))

    def save_model(self, request, obj, form, change):
        before = User.objects.filter(pk=obj.pk).values(*ACCESS_FIELDS).first() if change else {}
        super().save_model(request, obj, form, change)
        changed = [
            f"{name}: {before.get(name, '')!r} -> {getattr(obj, name)!r}"
            for name in ACCESS_FIELDS
            if not change or before.get(name) != getattr(obj, name)
        ]
        if changed:
            verb = "changed the access of" if change else "created the account"
            audit_event(
                actor=request.user, ip=client_address(request),
                action=AuditAction.CHANGE if change else AuditAction.CREATE, target=obj,
                summary=f"{verb} {obj.get_username()}: " + "; ".join(changed),
            )  # fmt: skip
            messages.info(request, "The change of access is recorded in the audit trail.")


site.register(User, StaffAdmin)
