from django.apps import AppConfig


class IncubationConfig(AppConfig):
    name = "incubation"
    verbose_name = "孵化培育"
