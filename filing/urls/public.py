from django.urls import path

from ..views.public import public_status, public_verify

urlpatterns = [
    path("public/status/", public_status, name="public-status"),
    path("public/verify/", public_verify, name="public-verify"),
]
