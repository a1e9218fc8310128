from django.urls import include, path

from . import second_factor
from .admin import site as admin_site
from .api import api

urlpatterns = [
    path("", include("engraft.information.urls")),
    path("staff/second-factor/", second_factor.second_factor, name="second_factor"),
    path(
        "staff/second-factor/setup/", second_factor.second_factor_setup, name="second_factor_setup"
    ),
    path("staff/", include("engraft.access.urls")),
    path("staff/audit/", include("engraft.audit.urls")),
    path("staff/patients/", include("engraft.record.urls")),
    path("staff/patients/", include("engraft.followup.urls")),
    path("staff/assessment/", include("engraft.assessment.urls")),
    path("staff/donors/", include("engraft.donors.urls")),
    path("staff/workup/", include("engraft.workup.urls")),
    path("staff/transplant/", include("engraft.transplant.urls")),
    path("staff/", include("engraft.trials.urls")),
    path("staff/", include("engraft.outcomes.urls")),
    path("admin/", admin_site.urls),
    path("api/", api.urls),
]

handler403 = "engraft.web.errors.forbidden"
handler404 = "engraft.web.errors.not_found"
