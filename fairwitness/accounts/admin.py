from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest

from fairwitness.accounts import services
from fairwitness.accounts.models import Agency, User


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["name", "kind", "status", "jurisdiction_name", "verified_at"]
    list_filter = ["kind", "status"]
    search_fields = ["name", "jurisdiction_name"]
    actions = ["verify", "suspend"]

    @admin.action(description="Verify the selected agencies")
    def verify(self, request: HttpRequest, queryset: QuerySet[Agency]) -> None:
        operator = request.user if isinstance(request.user, User) else None
        for agency in queryset:
            services.agency_verify(agency=agency, actor=operator)
        self.message_user(request, f"Verified {queryset.count()} agencies.", messages.SUCCESS)

    @admin.action(description="Suspend the selected agencies (their access stops at once)")
    def suspend(self, request: HttpRequest, queryset: QuerySet[Agency]) -> None:
        operator = request.user if isinstance(request.user, User) else None
        for agency in queryset:
            services.agency_suspend(agency=agency, actor=operator)
        self.message_user(request, f"Suspended {queryset.count()} agencies.", messages.SUCCESS)


@admin.register(User)
class FairWitnessUserAdmin(UserAdmin):
    list_display = ["username", "email", "role", "agency", "is_active"]
    list_filter = ["role", "is_active", "agency"]
    fieldsets = (*(UserAdmin.fieldsets or ()), ("Fair Witness", {"fields": ("role", "agency")}))
