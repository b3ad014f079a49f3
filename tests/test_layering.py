"""How the packages stand on each other, read from the source (nothing is imported or run).

core/ is the ground floor and imports no app; registry/ stands on core/ alone; filing/, assessment/,
incubation/ and demo/ stand on both. No app imports another app's pages, API, forms, admin or
template tags, and there is no cycle. Code that serves requests (pages, API, forms, filters) reads
scoped data for the user or through a named public scope, never ``unrestricted()``.
"""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("core", "registry", "filing", "incubation", "assessment", "demo")
FLOOR = {"core": set(APPS) - {"core"}, "registry": set(APPS) - {"core", "registry"}}
UI_MODULES = {"views", "api", "rest", "forms", "templatetags", "admin", "urls", "pages"}
REQUEST_MODULES = ("views", "api", "forms.py", "filtersets.py", "templatetags", "formfields.py")


def sources(app: str) -> list[Path]:
    base = ROOT / app
    return [path for path in base.rglob("*.py") if "migrations" not in path.parts] if base.is_dir() else []


def imports(path: Path) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def edges() -> dict[tuple[str, str], list[str]]:
    found: dict[tuple[str, str], list[str]] = {}
    for app in APPS:
        for path in sources(app):
            for line, module in imports(path):
                other = module.split(".")[0]
                if other in APPS and other != app:
                    found.setdefault((app, other), []).append(f"{path.relative_to(ROOT)}:{line} {module}")
    return found


def test_core_and_registry_stand_on_the_ground_floor():
    wrong = [
        where for (app, other), places in edges().items() if other in FLOOR.get(app, ()) for where in places
    ]
    assert not wrong, "\n".join(wrong)


def test_no_app_imports_another_apps_pages_api_forms_or_admin():
    wrong = [
        where
        for (app, other), places in edges().items()
        if other != "core"
        for where in places
        if len(where.split()[-1].split(".")) > 1 and where.split()[-1].split(".")[1] in UI_MODULES
    ]
    assert not wrong, "\n".join(wrong)


def test_there_is_no_cycle_between_apps():
    graph: dict[str, set[str]] = {}
    for app, other in edges():
        graph.setdefault(app, set()).add(other)

    def reaches(start: str, goal: str, seen: frozenset[str] = frozenset()) -> bool:
        return any(
            n == goal or (n not in seen and reaches(n, goal, seen | {n})) for n in graph.get(start, ())
        )

    cycles = [(a, b) for a, b in itertools.permutations(graph, 2) if b in graph[a] and reaches(b, a)]
    assert not cycles, cycles


def test_demo_data_is_not_runtime_code():
    builders = [path for app in APPS if app != "demo" for path in (ROOT / app).glob("demo*.py")]
    assert not builders, builders


def test_request_paths_never_read_unrestricted():
    wrong = []
    for app in APPS:
        for path in sources(app):
            relative = path.relative_to(ROOT / app).as_posix()
            if not relative.startswith(REQUEST_MODULES):
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                if ".unrestricted()" in line:
                    wrong.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not wrong, "\n".join(wrong)


def test_the_checks_see_the_code():
    # A walk that finds nothing would pass every check above.
    assert len(sources("core")) > 10 and len(sources("filing")) > 20
    assert ("filing", "core") in edges() and ("assessment", "registry") in edges()


def test_error_codes_are_enum_members_not_string_literals():
    """A refusal's code is part of the API's contract: it comes from an app's enum (core.errors.Code,
    registry.errors.RegistryCode …), never from a literal typed where the error is raised."""
    wrong = []
    for app in APPS:
        for path in sources(app):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                for keyword in node.keywords:
                    literal = isinstance(keyword.value, ast.Constant | ast.JoinedStr)
                    if keyword.arg == "code" and literal:
                        wrong.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not wrong, "\n".join(wrong)
