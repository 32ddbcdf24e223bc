"""WSGI entry point for gunicorn: ``gunicorn xuanren.config.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xuanren.config.settings")
application = get_wsgi_application()
