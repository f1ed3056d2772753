"""Every message a person reads goes through gettext: this test reads the app code and finds those that do
not.

The rule, checked on the syntax tree of every module of the four apps (migrations excepted):

- a *message* is a string written in the code that contains a letter: a string constant, an f-string, or
  such a string formatted with ``%`` or joined with ``+`` (either branch of a conditional expression);
- these places never take a message directly, only a gettext call (``_()``, ``gettext``, ``gettext_lazy``,
  ``ngettext``…, formatted with ``%`` or not) or a name holding one:
  1. the first argument of ``ValidationError``, ``PermissionDenied``, ``CommandError`` and of every exception
     class the apps define (``RegulationError``, ``SignatureRefused``…); when it is a dict, each value,
     when a list or tuple, each item;
  2. the message of ``messages.debug/info/success/warning/error(request, message)`` and of
     ``form.add_error(field, message)``;
  3. what a management command writes with ``self.stdout.write`` / ``self.stderr.write``, also through
     ``self.style.SUCCESS(…)`` and the other styles.
- A line that must stay as it is ends with ``# untranslated: <why>`` (an identifier, a format for machines).
- A function that calls ``_()`` never uses ``_`` as a throwaway name (``_, label = …``): the call would fail.

Follow-up titles, outcomes and sources are messages too, but a string argument cannot be told from data
there; the services pass them through gettext by the same convention.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ("coordination", "regulations", "sessions", "voters", "plans")
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "gettext_noop",
}
DJANGO_EXCEPTIONS = {"ValidationError", "PermissionDenied", "CommandError"}
BASE_EXCEPTIONS = {"Exception", "ValueError", "LookupError", "RuntimeError", "PermissionError"}
MESSAGE_LEVELS = {"debug", "info", "success", "warning", "error"}
ALLOW_MARK = "# untranslated:"


def app_modules() -> list[Path]:
    return sorted(
        path
        for app in APPS
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    )


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def app_exceptions(trees: list[ast.Module]) -> set[str]:
    """The exception classes the apps define, however deep they derive from Exception."""
    classes = {node.name: {_name(b) for b in node.bases} for tree in trees for node in ast.walk(tree)
               if isinstance(node, ast.ClassDef)}
    found = set(BASE_EXCEPTIONS | DJANGO_EXCEPTIONS)
    while True:
        more = {name for name, bases in classes.items() if bases & found} - found
        if not more:
            return found - BASE_EXCEPTIONS
        found |= more


def _has_letter(text: str) -> bool:
    return any(c.isalpha() for c in text)


def is_message(node: ast.AST) -> bool:
    """A string written in the code, not passed through gettext."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and _has_letter(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(v, ast.Constant) and _has_letter(v.value) for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Mod, ast.Add)):
        return is_message(node.left) or (isinstance(node.op, ast.Add) and is_message(node.right))
    if isinstance(node, ast.IfExp):
        return is_message(node.body) or is_message(node.orelse)
    return False


def _messages_in(node: ast.AST) -> list[ast.AST]:
    if isinstance(node, ast.Dict):
        return [v for v in node.values if v is not None and is_message(v)]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [v for v in node.elts if is_message(v)]
    return [node] if is_message(node) else []


def _argument(call: ast.Call, position: int, keyword: str) -> ast.AST | None:
    if len(call.args) > position:
        return call.args[position]
    return next((k.value for k in call.keywords if k.arg == keyword), None)


def _shown(call: ast.Call, exceptions: set[str], in_command: bool) -> list[ast.AST]:
    """The arguments of this call a person reads."""
    func, name = call.func, _name(call.func)
    if name in exceptions:
        first = _argument(call, 0, "message")
        return [first] if first is not None else []
    if isinstance(func, ast.Attribute) and name in MESSAGE_LEVELS and _name(func.value) == "messages":
        shown = _argument(call, 1, "message")
        return [shown] if shown is not None else []
    if name == "add_error":
        shown = _argument(call, 1, "error")
        return [shown] if shown is not None else []
    if in_command and name == "write" and _name(func.value) in ("stdout", "stderr") and call.args:
        written = call.args[0]
        if (
            isinstance(written, ast.Call)
            and isinstance(written.func, ast.Attribute)
            and _name(written.func.value) == "style"
        ):
            written = written.args[0] if written.args else None
        return [written] if written is not None else []
    return []


def untranslated_messages(source: str, filename: str, exceptions: set[str]) -> list[str]:
    """``file:line: message`` for every message shown to a person that skips gettext."""
    tree = ast.parse(source, filename)
    lines = source.splitlines()
    in_command = "/management/commands/" in filename.replace("\\", "/")
    found = []
    for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
        for argument in _shown(call, exceptions, in_command):
            for message in _messages_in(argument):
                if not any(ALLOW_MARK in line for line in lines[message.lineno - 1:message.end_lineno]):
                    found.append(
                        (
                            message.lineno,
                            f"{filename}:{message.lineno}: {ast.get_source_segment(source, message)[:90]}",
                        )
                    )
    return [line for _number, line in sorted(found)]


@pytest.fixture(scope="module")
def sources() -> dict[str, str]:
    return {str(path.relative_to(ROOT)): path.read_text(encoding="utf-8") for path in app_modules()}


@pytest.fixture(scope="module")
def exceptions(sources) -> set[str]:
    return app_exceptions([ast.parse(text) for text in sources.values()])


def test_every_message_a_person_reads_goes_through_gettext(sources, exceptions):
    found = [line for name, text in sources.items() for line in untranslated_messages(text, name, exceptions)]
    assert not found, 'Wrap these in _() with named placeholders (_("… %(n)s …") % {…}):\n' + "\n".join(found)


def test_the_apps_own_exceptions_are_checked(exceptions):
    assert {
        "RegulationError",
        "RegulationParseError",
        "SourceError",
        "SignatureRefused",
        "PlanError",
    } <= exceptions


PLANTED = '''
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class PlanError(ValueError):
    pass


def service(request, form, n):
    raise ValidationError({"number": f"Số {n} đã có."})


def view(request, form, n):
    messages.success(request, "Đã lưu.")
    form.add_error("number", "Số không hợp lệ: " + str(n))
    raise PlanError("Kế hoạch %s" % n if n else _("Không có"))


def fine(request, form, n, error):
    messages.success(request, _("Đã lưu %(n)s.") % {"n": n})
    form.add_error(None, error)
    raise ValidationError({"number": _("Số %(n)s đã có.") % {"n": n}, "code": ""})


def allowed(n):
    raise ValidationError(f"internal {n}")  # untranslated: planted allow-list example
'''

PLANTED_COMMAND = '''
class Command(BaseCommand):
    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(f"Đã gửi {n} thư."))
        self.stderr.write("Cảnh báo")
        self.stdout.write(json.dumps(data))
'''


def test_the_check_fails_on_planted_messages_and_passes_translated_ones():
    exceptions = app_exceptions([ast.parse(PLANTED)])
    found = untranslated_messages(PLANTED, "voters/planted.py", exceptions)
    assert [line.split(": ", 1)[1] for line in found] == [
        'f"Số {n} đã có."',
        '"Đã lưu."',
        '"Số không hợp lệ: " + str(n)',
        '"Kế hoạch %s" % n if n else _("Không có")',
    ]
    command = untranslated_messages(PLANTED_COMMAND, "voters/management/commands/planted.py", exceptions)
    assert [line.split(": ", 1)[1] for line in command] == ['f"Đã gửi {n} thư."', '"Cảnh báo"']
    # The same writes outside a command are not command output.
    assert untranslated_messages(PLANTED_COMMAND, "voters/planted.py", exceptions) == []


def _gettext_shadowed(tree: ast.Module) -> list[str]:
    """Functions that call ``_()`` and also assign ``_`` (``_, label = …``): the call then fails at run
    time."""
    found = []
    for function in (n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))):
        own = [function]
        assigned = False
        while own:  # the function's own scope: not nested functions, lambdas or comprehensions
            for child in ast.iter_child_nodes(own.pop()):
                if isinstance(
                    child,
                    (
                        ast.FunctionDef,
                        ast.AsyncFunctionDef,
                        ast.Lambda,
                        ast.ClassDef,
                        ast.ListComp,
                        ast.SetComp,
                        ast.DictComp,
                        ast.GeneratorExp,
                    ),
                ):
                    continue
                assigned |= (
                    isinstance(child, ast.Name) and child.id == "_" and isinstance(child.ctx, ast.Store)
                )
                own.append(child)
        calls = any(isinstance(n, ast.Call) and _name(n.func) == "_" and isinstance(n.func, ast.Name)
                    for n in ast.walk(function))
        if assigned and calls:
            found.append(f"{function.name} (line {function.lineno})")
    return found


def test_no_function_that_translates_uses_underscore_as_a_throwaway_name(sources):
    found = [
        f"{name}: {where}" for name, text in sources.items() for where in _gettext_shadowed(ast.parse(text))
    ]
    assert found == [], "name the unused value (_petitions, _unit…) instead of _: " + ", ".join(found)


def test_the_shadowing_check_finds_a_planted_throwaway():
    planted = (
        "def view(request):\n    _, label = scope(request)\n    return _('Báo cáo %(l)s') % {'l': label}\n"
    )
    assert _gettext_shadowed(ast.parse(planted)) == ["view (line 1)"]
