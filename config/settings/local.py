"""Developer machine and the embedded demo."""

from .base import *  # noqa: F403
from .base import env

# The demo shows the platform's own error pages, as production does; a developer sets DEBUG=true
# for Django's debug pages.
DEBUG = env.bool("DEBUG", default=False)
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = True
