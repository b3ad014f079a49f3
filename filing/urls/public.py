from django.urls import path

from ..views.public import public_status

urlpatterns = [
    path("public/status/", public_status, name="public-status"),
]
