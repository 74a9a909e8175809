"""The development stack behind `make run`, `make test` and `make stop`: `python -m devstack`.

Tooling beside the apps, not part of the Django project: it starts before Django and sets up the
environment Django reads, so it never imports the project's packages; it runs `manage.py`, Celery
and gunicorn as subprocesses. `python -m devstack --help` tells how to use it.

- cli.py: the commands run, test, exec and stop;
- workbench.py: what `run` runs (migrate, seed_demo, then worker, beat and web);
- supervisor.py: starting, watching and stopping processes (with a restart policy per process);
- foreground.py: the one command of `test` / `exec`, in the terminal's foreground;
- servers.py: the given DATABASE_URL / REDIS_URL, or postgres.py and valkey.py (embedded servers);
- rundir.py: the `.run/` folder (one supervisor at a time, the secret key, `.run/env`);
- processes.py, ports.py: finding and stopping processes, choosing ports.
"""
