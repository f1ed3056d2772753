"""System checks: documents need Pango (WeasyPrint) and a serif font with Vietnamese glyphs."""

import shutil
import subprocess

from django.core.checks import Error, register

DOCUMENT_FONT = "Liberation Serif"  # metric-compatible with Times New Roman (Decree 30/2020)


@register()
def check_document_rendering(app_configs=None, **kwargs):
    errors = []
    try:
        import weasyprint  # noqa: F401 — importing loads Pango through cffi
    except OSError as exc:
        errors.append(
            Error(
                f"WeasyPrint cannot load Pango: {exc}",
                hint="apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 (make deps does this as root)",
                id="phoihop.E001",
            )
        )
    fc_list = shutil.which("fc-list")
    families = ""
    if fc_list:
        families = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, check=False).stdout
    if DOCUMENT_FONT not in families:
        errors.append(
            Error(
                f"The font {DOCUMENT_FONT!r} is not installed; PDFs would lose Vietnamese glyphs or layout.",
                hint="apt-get install -y fonts-liberation fontconfig (make deps does this as root)",
                id="phoihop.E002",
            )
        )
    return errors


@register()
def check_task_time_limits(app_configs=None, **kwargs):
    """A task whose soft time limit (its own or the global CELERY_TASK_SOFT_TIME_LIMIT) is above its hard limit
    is refused by Celery when sent: beat logs "Couldn't apply scheduled task" at every tick and it never runs."""
    from django.utils.module_loading import autodiscover_modules

    from config.celery import app

    autodiscover_modules("tasks")
    errors = []
    for name, task in sorted(app.tasks.items()):
        if name.startswith("celery."):
            continue
        if task.soft_time_limit and task.time_limit and task.soft_time_limit > task.time_limit:
            errors.append(Error(
                f"Task {name}: soft time limit {task.soft_time_limit} s is above its time limit {task.time_limit} s; Celery refuses to send it.",
                hint="Give the task a soft_time_limit below its time_limit (coordination/tasks.py shows how).",
                id="phoihop.E003",
            ))
    return errors
