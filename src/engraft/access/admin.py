from django.contrib.auth.admin import UserAdmin

from .admin_site import site
from .models import User


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
    fieldsets = (*UserAdmin.fieldsets, ("Role", {"fields": ("role", "discipline")}))
    add_fieldsets = (*UserAdmin.add_fieldsets, ("Role", {"fields": ("role", "discipline")}))


site.register(User, StaffAdmin)
