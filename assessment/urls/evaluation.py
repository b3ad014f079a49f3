"""Pages of work reports, the annual evaluation, brands, selections, service projects and trainings."""

from django.urls import path

from ..views import activity, brands, rounds, schemes, work_reports

urlpatterns = [
    # work reports
    path("work-reports/", work_reports.WorkReportListView.as_view(), name="work-report-list"),
    path("work-reports/missing/", work_reports.MissingReportsView.as_view(), name="work-report-missing"),
    path("work-reports/new/", work_reports.WorkReportCreateView.as_view(), name="work-report-create"),
    path("work-reports/<int:pk>/", work_reports.WorkReportDetailView.as_view(), name="work-report-detail"),
    path(
        "work-reports/<int:pk>/resubmit/",
        work_reports.WorkReportResubmitView.as_view(),
        name="work-report-resubmit",
    ),
    path(
        "work-reports/<int:pk>/attach/",
        work_reports.WorkReportAttachView.as_view(),
        name="work-report-attach",
    ),
    path(
        "work-reports/<int:pk>/<str:action>/",
        work_reports.WorkReportActionView.as_view(),
        name="work-report-action",
    ),
    path(
        "work-reports/attachments/<int:pk>/",
        work_reports.AttachmentDownloadView.as_view(),
        name="work-report-attachment",
    ),
    # rounds and their entries
    path("rounds/", rounds.RoundListView.as_view(), name="evaluation-round-list"),
    path("rounds/new/", rounds.RoundOpenView.as_view(), name="evaluation-round-create"),
    path("rounds/<int:pk>/", rounds.RoundDetailView.as_view(), name="evaluation-round-detail"),
    path("rounds/<int:pk>/export/", rounds.RoundExportView.as_view(), name="evaluation-round-export"),
    path("rounds/<int:pk>/<str:action>/", rounds.RoundActionView.as_view(), name="evaluation-round-action"),
    path("entries/<int:pk>/", rounds.EntryView.as_view(), name="evaluation-entry"),
    path("entries/<int:pk>/votes/", rounds.EntryVotesView.as_view(), name="evaluation-entry-votes"),
    path("entries/<int:pk>/score/", rounds.EntryScoreView.as_view(), name="evaluation-entry-score"),
    # schemes
    path("schemes/", schemes.SchemeListView.as_view(), name="evaluation-scheme-list"),
    path("schemes/new/", schemes.SchemeCreateView.as_view(), name="evaluation-scheme-create"),
    path("schemes/<int:pk>/", schemes.SchemeDetailView.as_view(), name="evaluation-scheme-detail"),
    path("schemes/<int:pk>/edit/", schemes.SchemeEditView.as_view(), name="evaluation-scheme-edit"),
    # brands and selections
    path("brands/", brands.BrandListView.as_view(), name="brand-list"),
    path("brands/new/", brands.BrandDesignateView.as_view(), name="brand-designate"),
    path("brands/<int:pk>/", brands.BrandDetailView.as_view(), name="brand-detail"),
    path("brands/<int:pk>/revoke/", brands.BrandRevokeView.as_view(), name="brand-revoke"),
    path("selections/", brands.SelectionListView.as_view(), name="selection-list"),
    path("selections/new/", brands.SelectionCreateView.as_view(), name="selection-create"),
    path("selections/<int:pk>/", brands.SelectionDetailView.as_view(), name="selection-detail"),
    path("selections/<int:pk>/awards/new/", brands.AwardCreateView.as_view(), name="selection-award-create"),
    # service projects and trainings
    path("projects/", activity.ProjectListView.as_view(), name="service-project-list"),
    path("projects/new/", activity.ProjectCreateView.as_view(), name="service-project-create"),
    path("projects/<int:pk>/", activity.ProjectDetailView.as_view(), name="service-project-detail"),
    path("projects/<int:pk>/edit/", activity.ProjectEditView.as_view(), name="service-project-edit"),
    path("trainings/", activity.TrainingListView.as_view(), name="training-list"),
    path("trainings/new/", activity.TrainingCreateView.as_view(), name="training-create"),
    path("trainings/<int:pk>/", activity.TrainingDetailView.as_view(), name="training-detail"),
    path("trainings/<int:pk>/edit/", activity.TrainingEditView.as_view(), name="training-edit"),
    path("trainings/<int:pk>/leaders/", activity.TrainingLeadersView.as_view(), name="training-leaders"),
    path(
        "trainings/<int:pk>/attendees/new/", activity.TrainingAttendeeView.as_view(), name="training-attendee"
    ),
    path(
        "attendees/<int:pk>/remove/", activity.AttendeeRemoveView.as_view(), name="training-attendee-remove"
    ),
]
