"""Filing's pages, one module per area; public pages (no login) live under /public/."""

from django.urls import include, path

urlpatterns = [
    path("", include("filing.urls.applications")),
    path("", include("filing.urls.certificates")),
    path("", include("filing.urls.workbench")),
    path("", include("filing.urls.public")),
    path("", include("filing.urls.duties")),
    path("", include("filing.urls.street_cases")),
]
