"""Every module imports on its own, as `make bench` or a CLI entry point would."""

import subprocess
import sys
from pathlib import Path

import webapp

# Forks one child per module (a few at a time), so that each child imports our
# modules in the order that module's own imports give, as an entry point would.
CHECK = r"""
import importlib, os, sys, traceback
import alembic, flask, flask_wtf, sqlalchemy, sqlmodel, wtforms  # the libraries, once
failed, running, names = [], {}, list(sys.argv[1:])
while names or running:
    while names and len(running) < (os.cpu_count() or 1) + 1:
        name = names.pop()
        pid = os.fork()
        if pid == 0:
            try:
                importlib.import_module(name)
            except BaseException:
                traceback.print_exc()
                os._exit(1)
            os._exit(0)
        running[pid] = name
    pid, status = os.wait()
    if status:
        failed.append(running[pid])
    del running[pid]
print("\n".join(failed))
"""


def _modules() -> list[str]:
    root = Path(webapp.__file__).parent
    names = []
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_module_imports_in_a_fresh_interpreter():
    modules = _modules()
    assert "webapp.bench.__main__" in modules
    result = subprocess.run(  # noqa: S603 - our own interpreter and module names
        [sys.executable, "-c", CHECK, *modules],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(webapp.__file__).parent.parent,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [], result.stderr[:6000]  # the first tracebacks
