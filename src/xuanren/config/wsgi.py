"""WSGI entry point for gunicorn: ``gunicorn xuanren.config.wsgi``.

Everything a request needs is imported here, not on each worker's first request: the URL configuration
(which imports every area's views, the API's schemas and the document renderers) is loaded at once. With
``--preload`` the workers are forked from a process that has it all, so they share its memory and none
pays the imports (about 3 s of CPU) when its first voter arrives.
"""

import gc
import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xuanren.config.settings")
application = get_wsgi_application()
get_resolver().url_patterns  # noqa: B018 - imports every URLconf and what it imports
# What is loaded now lives as long as the process: keep the collector from scanning it again and again
# (and, after a fork, from touching the pages the workers share).
gc.freeze()
