from django.contrib import admin

from engraft.access.admin_site import site

from .models import ContactDetails, Page, PageSection, TeamMember


class PageSectionInline(admin.StackedInline):
    model = PageSection
    extra = 0


class PageAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "menu_order")
    inlines = [PageSectionInline]
    # Slugs are wired to URLs and templates: edit the text, not the address.
    readonly_fields = ("slug",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class TeamMemberAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "discipline", "order")
    list_editable = ("order",)


class ContactDetailsAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return not ContactDetails.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


site.register(Page, PageAdmin)
site.register(TeamMember, TeamMemberAdmin)
site.register(ContactDetails, ContactDetailsAdmin)
