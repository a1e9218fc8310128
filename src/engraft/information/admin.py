from django.contrib import admin

from engraft.access.admin_site import site

from .models import (
    ContactDetails,
    Page,
    PageSection,
    RecommendedSource,
    ResearchProject,
    TeamMember,
)


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


class ResearchProjectAdmin(admin.ModelAdmin):
    list_display = ("title", "status", "lead", "listed", "order")
    list_filter = ("status", "listed")
    list_editable = ("order",)
    search_fields = ("title", "lead", "nct_numbers")


class RecommendedSourceAdmin(admin.ModelAdmin):
    list_display = ("name", "url", "last_checked", "order")
    list_editable = ("order",)
    search_fields = ("name", "description")


site.register(Page, PageAdmin)
site.register(ResearchProject, ResearchProjectAdmin)
site.register(RecommendedSource, RecommendedSourceAdmin)
site.register(TeamMember, TeamMemberAdmin)
site.register(ContactDetails, ContactDetailsAdmin)
