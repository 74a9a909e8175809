"""The development stack behind `make run`, `make test` and `make stop`: `python -m devstack`.

Tooling beside the apps, not part of the Django project: it starts before Django and sets up the
environment Django reads, so it never imports the project's packages; it runs `manage.py`, Celery
and gunicorn as subprocesses. `python -m devstack --help` tells how to use it.
"""
