"""Commands load on first use: every entry of the table loads, and a plain command imports no web app."""

from __future__ import annotations

import subprocess
import sys

import pytest

from threadline.cli.lazy import COMMANDS, load


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_lazy_command_loads_under_its_name(name: str) -> None:
    command = load(name, COMMANDS[name])
    assert command.name == name and (command.help or command.callback is not None)


def test_importing_the_cli_leaves_heavy_modules_alone() -> None:
    heavy = ("fastapi", "followthemoney", "weasyprint", "numpy")
    probe = f"import sys, threadline.cli.main; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
