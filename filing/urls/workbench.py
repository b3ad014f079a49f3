from django.urls import path

from ..views.workbench import workbench

urlpatterns = [
    path("filing/workbench/", workbench, name="filing-workbench"),
]
