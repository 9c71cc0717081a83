"""Which modules the zygote imports before it forks: those kernels were seen to load, not a hand-written list.

Every forked kernel reports, when it exits, the modules it loaded beyond the zygote's (a probe of real runs; the
first run on a machine is the probe). The zygote adds them to a cache file when it stops, so the next runner
preloads them. Modules that must not be loaded before a kernel exists are never preloaded
(:data:`NEVER_PRELOAD`).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

#: Always imported by the zygote: the kernel itself.
BASE_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell")

#: Module name prefixes never preloaded, with the reason:
#: ``matplotlib_inline`` and the resolved ``matplotlib.backends.*`` would fix pyplot's backend before the
#: kernel sets ``MPLBACKEND``; ``ipywidgets`` registers its comm target with the running kernel at import;
#: ``__main__``/``__mp_main__`` and test tooling are not the kernel's.
NEVER_PRELOAD = (
    "matplotlib_inline",
    "matplotlib.backends.backend_",
    "ipywidgets",
    "widgetsnbextension",
    "__main__",
    "__mp_main__",
    "_pytest",
    "pytest",
    "pluggy",
    "talentlib.kernels",
)


def cache_file() -> Path:
    """Where the measured module list is kept: one file per interpreter and talentlib version.

    ``$XDG_CACHE_HOME/talentlib/`` (default ``~/.cache/talentlib/``); the name carries a hash of
    ``sys.prefix`` and the Python version, so two environments never share a list.
    """
    import hashlib

    from talentlib import __version__

    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "talentlib"
    key = hashlib.sha256(f"{sys.prefix}|{sys.version}|{__version__}".encode()).hexdigest()[:12]
    return root / f"kernel-modules-{key}.json"


def allowed(name: str) -> bool:
    """True if the zygote may import ``name``: not matched by :data:`NEVER_PRELOAD`.

    A prefix ending in ``_`` matches any name starting with it; any other prefix matches itself and its
    submodules.
    """
    for prefix in NEVER_PRELOAD:
        if prefix.endswith("_") and name.startswith(prefix):
            return False
        if name == prefix or name.startswith(prefix + "."):
            return False
    return True


def read_modules(path: Path | None = None) -> list[str]:
    """The cached module list (empty when there is none or it is unreadable: the next run measures again)."""
    path = path or cache_file()
    try:
        names = json.loads(path.read_text(encoding="utf-8")).get("modules", [])
    except (OSError, ValueError, AttributeError):
        return []
    return [n for n in names if isinstance(n, str) and allowed(n)]


def write_modules(names: Iterable[str], path: Path | None = None) -> None:
    """Write the module list atomically (a concurrent runner's write is replaced whole, never mixed)."""
    path = path or cache_file()
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kernel-modules-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"modules": sorted(set(names))}, handle, indent=0)
        os.replace(tmp, path)


def import_all(names: Iterable[str]) -> list[str]:
    """Import each module (parents first); returns those that failed (skipped, never fatal)."""
    import importlib

    failed = []
    for name in sorted(set(names), key=lambda n: (n.count("."), n)):
        if name in sys.modules or not allowed(name):
            continue
        try:
            importlib.import_module(name)
        except BaseException:  # a module that cannot be imported outside a kernel is left to the kernel
            failed.append(name)
    return failed
