from django.urls import path

from ..views.blank_forms import blank_form
from ..views.public import public_status, public_verify

urlpatterns = [
    path("public/status/", public_status, name="public-status"),
    path("public/verify/", public_verify, name="public-verify"),
    path("public/forms/<slug:slug>/", blank_form, name="blank-form"),
]
