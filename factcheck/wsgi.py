import os

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

# django.core.wsgi.get_wsgi_application, with factcheck's handler (URL matches remembered).
django.setup(set_prefix=False)

from factcheck.handler import Handler  # noqa: E402  # after setup, as Django's own

application = Handler()
