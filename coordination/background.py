"""Send a Celery task so that the page answers at once, in the embedded default too.

With a broker the task goes to a worker. Without one (``make run``: SQLite, eager tasks) Celery would run it
inside the request, and a four-second report froze the page, so people clicked twice. With
``EAGER_TASKS_IN_BACKGROUND`` (set by ``make run``) an eager task runs in a thread of its own instead, and the
person watches its progress page like anyone served by a worker. The tests keep it off: their tasks finish
before the call returns, which is what they assert.
"""

import threading

from django.conf import settings
from django.db import connections


def start_task(task, *args) -> None:
    if task.app.conf.task_always_eager and settings.EAGER_TASKS_IN_BACKGROUND:
        threading.Thread(target=_run_eagerly, args=(task, args), daemon=True, name=task.name).start()
    else:
        task.delay(*args)


def _run_eagerly(task, args) -> None:
    try:
        task.delay(*args)  # eager: runs here, in this thread
    finally:
        connections.close_all()  # the thread's own connections, which nothing else would close
