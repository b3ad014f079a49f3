"""Incubation's pages; the public list of bases lives under /public/."""

from django.urls import path

from .views import bases, records, tenancies, workbench

urlpatterns = [
    path("incubation/", workbench.workbench, name="incubation-workbench"),
    path("incubation/report/", workbench.report_page, name="incubation-report"),
    path("incubation/report/export/", workbench.report_export, name="incubation-report-export"),
    # bases
    path("incubation/bases/", bases.BaseListView.as_view(), name="incubation-base-list"),
    path("incubation/bases/new/", bases.BaseCreateView.as_view(), name="incubation-base-create"),
    path("incubation/bases/<int:pk>/", bases.BaseDetailView.as_view(), name="incubation-base-detail"),
    path("incubation/bases/<int:pk>/edit/", bases.BaseUpdateView.as_view(), name="incubation-base-edit"),
    path(
        "incubation/bases/<int:pk>/spaces/new/",
        bases.SpaceCreateView.as_view(),
        name="incubation-space-create",
    ),
    path(
        "incubation/bases/<int:pk>/operators/new/",
        bases.OperatorBindView.as_view(),
        name="incubation-operator-bind",
    ),
    path(
        "incubation/bases/<int:pk>/trainings/new/",
        bases.TrainingCreateView.as_view(),
        name="incubation-training-create",
    ),
    path(
        "incubation/bases/<int:pk>/evaluate/", bases.EvaluateView.as_view(), name="incubation-base-evaluate"
    ),
    path("incubation/bases/<int:pk>/export/", bases.BaseExportView.as_view(), name="incubation-base-export"),
    path(
        "incubation/bases/<int:pk>/<slug:action>/",
        bases.BaseActionView.as_view(),
        name="incubation-base-action",
    ),
    path("incubation/spaces/<int:pk>/edit/", bases.SpaceUpdateView.as_view(), name="incubation-space-edit"),
    path(
        "incubation/operators/<int:pk>/<slug:action>/",
        bases.OperatorUnbindView.as_view(),
        name="incubation-operator-action",
    ),
    # tenancies
    path("incubation/tenancies/", tenancies.TenancyListView.as_view(), name="tenancy-list"),
    path("incubation/tenancies/apply/", tenancies.ApplyView.as_view(), name="tenancy-apply"),
    path("incubation/tenancies/<int:pk>/", tenancies.TenancyDetailView.as_view(), name="tenancy-detail"),
    path("incubation/tenancies/<int:pk>/admit/", tenancies.AdmitView.as_view(), name="tenancy-admit"),
    path("incubation/tenancies/<int:pk>/move-in/", tenancies.MoveInView.as_view(), name="tenancy-move-in"),
    path("incubation/tenancies/<int:pk>/extend/", tenancies.ExtendView.as_view(), name="tenancy-extend"),
    path(
        "incubation/tenancies/<int:pk>/graduate/", tenancies.GraduateView.as_view(), name="tenancy-graduate"
    ),
    path("incubation/tenancies/<int:pk>/exit/", tenancies.ExitView.as_view(), name="tenancy-exit"),
    path("incubation/tenancies/<int:pk>/link/", tenancies.LinkView.as_view(), name="tenancy-link"),
    path("incubation/tenancies/<int:pk>/reveal/", tenancies.RevealView.as_view(), name="tenancy-reveal"),
    path(
        "incubation/tenancies/<int:pk>/<slug:action>/",
        tenancies.TenancyActionView.as_view(),
        name="tenancy-action",
    ),
    # records
    path("incubation/services/", records.ServiceListView.as_view(), name="incubation-service-list"),
    path("incubation/services/new/", records.ServiceCreateView.as_view(), name="incubation-service-create"),
    path("incubation/subsidies/", records.SubsidyListView.as_view(), name="incubation-subsidy-list"),
    path("incubation/subsidies/new/", records.SubsidyCreateView.as_view(), name="incubation-subsidy-create"),
    path("incubation/evaluations/", records.EvaluationListView.as_view(), name="incubation-evaluation-list"),
    # the public
    path("public/incubation/", workbench.public_bases, name="public-incubation-bases"),
]
