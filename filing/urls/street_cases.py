"""The street's cases: complaints from the public (投诉举报) and major-event reports (重大活动报告)."""

from django.urls import path

from ..views import complaints, event_reports

urlpatterns = [
    path("filing/complaints/", complaints.ComplaintListView.as_view(), name="complaint-list"),
    path("filing/complaints/<int:pk>/", complaints.ComplaintDetailView.as_view(), name="complaint-detail"),
    path(
        "filing/complaints/<int:pk>/<slug:action>/",
        complaints.ComplaintActionView.as_view(),
        name="complaint-action",
    ),
    path("filing/events/", event_reports.EventReportListView.as_view(), name="event-report-list"),
    path("filing/events/new/", event_reports.EventReportCreateView.as_view(), name="event-report-create"),
    path(
        "filing/events/<int:pk>/", event_reports.EventReportDetailView.as_view(), name="event-report-detail"
    ),
    path(
        "filing/events/<int:pk>/resubmit/",
        event_reports.EventReportResubmitView.as_view(),
        name="event-report-resubmit",
    ),
    path(
        "filing/events/<int:pk>/<slug:action>/",
        event_reports.EventReportActionView.as_view(),
        name="event-report-action",
    ),
    path("public/complaints/new/", complaints.public_complaint, name="public-complaint"),
    path("public/complaints/status/", complaints.public_complaint_status, name="public-complaint-status"),
]
