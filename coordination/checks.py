"""System checks: documents need Pango (WeasyPrint) and one serif font with every Vietnamese letter."""

from django.core.checks import Error, register

from coordination import fonts

FONT_HINT = "apt-get install -y fontconfig fonts-liberation2 (make deps does this as root)"


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
    missing_styles = [style for style in fonts.STYLES if not fonts.font_file(style)]
    if missing_styles:
        errors.append(
            Error(
                f"The font {fonts.DOCUMENT_FONT!r} is not installed ({', '.join(missing_styles)}); documents "
                f"would be "
                "printed in another typeface.",
                hint=FONT_HINT,
                id="phoihop.E002",
            )
        )
        return errors
    for style in fonts.STYLES:
        if missing := fonts.missing_letters(style):
            errors.append(
                Error(
                    f"The font {fonts.DOCUMENT_FONT!r} ({style}, {fonts.font_file(style)}) lacks Vietnamese "
                    f"letters "
                    f"{' '.join(missing[:12])}{' …' if len(missing) > 12 else ''}: documents would mix two "
                    f"typefaces "
                    "(Liberation 1.07 from fonts-liberation has this gap; Liberation 2 has every letter).",
                    hint=FONT_HINT,
                    id="phoihop.E004",
                )
            )
            break
    return errors


@register()
def check_task_time_limits(app_configs=None, **kwargs):
    """A task whose soft time limit (its own or the global CELERY_TASK_SOFT_TIME_LIMIT) is above its hard
    limit is refused by Celery when sent: beat logs "Couldn't apply scheduled task" at every tick and it never
    runs."""
    from django.utils.module_loading import autodiscover_modules

    from config.celery import app

    autodiscover_modules("tasks")
    errors = []
    for name, task in sorted(app.tasks.items()):
        if name.startswith("celery."):
            continue
        if task.soft_time_limit and task.time_limit and task.soft_time_limit > task.time_limit:
            errors.append(
                Error(
                    f"Task {name}: soft time limit {task.soft_time_limit} s is above its time limit "
                    f"{task.time_limit} s; Celery refuses to send it.",
                    hint="Give the task a soft_time_limit below its time_limit (coordination/tasks.py shows "
                         "how).",
                    id="phoihop.E003",
                )
            )
    return errors
