"""The analytics core is a library of its own: importing it never imports Django."""

import subprocess
import sys


def test_importing_the_analytics_core_loads_no_django() -> None:
    code = (
        "import pkgutil, importlib, sys, outward.analytics as a\n"
        "for m in pkgutil.walk_packages(a.__path__, 'outward.analytics.'):\n"
        "    importlib.import_module(m.name)\n"
        "loaded = sorted(n for n in sys.modules if n == 'django' or n.startswith('django.'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )

    assert result.stdout.strip() == ""
