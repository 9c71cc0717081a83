"""Which modules the zygote imports before it forks: those kernels were seen to load, not a hand-written list.

Every forked kernel reports, when it exits, the modules it loaded beyond the zygote's (a probe of real runs; the
first run on a machine is the probe). The zygote keeps them as candidates in a cache file when it stops; the
next zygote tries each candidate in a forked child and preloads it only if its import leaves global state alone
(:func:`global_state`), remembering the verdict. Modules that must not be loaded before a kernel exists are
never preloaded (:data:`NEVER_PRELOAD`).
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

#: Always imported by the zygote: the kernel itself.
BASE_MODULES = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell")

#: Module name prefixes never preloaded, with the reason:
#: ``matplotlib_inline`` and the resolved ``matplotlib.backends.*`` would fix pyplot's backend before the
#: kernel sets ``MPLBACKEND``; ``ipywidgets`` registers its comm targets with the running kernel at import (seaborn
#: imports it all the same, so each forked kernel registers them: :func:`talentlib.kernels.zygote.register_with_kernel`);
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


#: After this many impure modules the rest of the candidates are left to the kernels (one fork each).
MAX_IMPURE = 20
#: Keys of the cache file: modules verified pure, modules seen impure, modules seen but not yet verified.
CACHE_KEYS = ("modules", "impure", "candidates")


def read_modules(path: Path | None = None, key: str = "modules") -> list[str]:
    """One list of the cache (empty when there is none or it is unreadable: the next run measures again)."""
    path = path or cache_file()
    try:
        names = json.loads(path.read_text(encoding="utf-8")).get(key, [])
    except (OSError, ValueError, AttributeError):
        return []
    return [n for n in names if isinstance(n, str) and allowed(n)]


def write_modules(
    names: Iterable[str],
    path: Path | None = None,
    impure: Iterable[str] = (),
    candidates: Iterable[str] = (),
) -> None:
    """Write the cache atomically (a concurrent runner's write is replaced whole, never mixed)."""
    path = path or cache_file()
    lists = dict(zip(CACHE_KEYS, (names, impure, candidates), strict=True))
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".kernel-modules-", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({k: sorted(set(v)) for k, v in lists.items()}, handle, indent=0)
        os.replace(tmp, path)


def global_state() -> tuple:
    """What importing a preloadable module must leave as it was.

    matplotlib's rcParams (copied without resolving the backend), whether a pyplot backend was loaded, and
    numpy's print options. A module whose import changes one of them (``talentlib.plots`` applies the suite's
    theme and picks a backend) would change every kernel forked afterwards — also those of notebooks that never
    import it — so it is left to the kernels. Not compared: warnings filters (scipy's deprecated module aliases
    touch them on import; a filter added by a preloaded library is one that library adds in any kernel).
    """
    mpl = sys.modules.get("matplotlib")
    numpy = sys.modules.get("numpy")
    return (
        mpl.rcParams.copy() if mpl is not None and hasattr(mpl, "rcParams") else None,
        sorted(n for n in sys.modules if n.startswith(("matplotlib.backends.backend_", "matplotlib_inline"))),
        numpy.get_printoptions() if numpy is not None and hasattr(numpy, "get_printoptions") else None,
    )


def first_impure(names: Sequence[str]) -> int | None:
    """Index of the first of ``names`` whose import changes :func:`global_state`, tried in a forked child.

    The child imports ``names`` in order on top of this process's modules and stops at the first that changes
    the state (None: none does). This process imports nothing here.
    """
    import importlib

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child, which never returns (not even on an error)
        try:
            found = -1
            for index, name in enumerate(names):
                before = global_state()
                try:
                    importlib.import_module(name)
                except Exception:
                    continue
                if global_state() != before:
                    found = index
                    break
            os.write(write_end, str(found).encode())
        finally:
            os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end, "rb") as handle:
        answer = handle.read()
    os.waitpid(pid, 0)
    found = int(answer or b"-1")
    return None if found < 0 else found


def import_pure(verified: Iterable[str], candidates: Iterable[str]) -> tuple[list[str], list[str]]:
    """Import ``verified`` modules, then those ``candidates`` whose import leaves :func:`global_state` alone.

    Candidates are tried in forked children first (:func:`first_impure`; one fork per impure module found).

    Returns:
        ``(pure, impure)``: the candidates imported here, and those left to the kernels.
    """
    import importlib

    if "matplotlib" in {*verified, *candidates}:
        importlib.import_module("matplotlib")  # its own import defines the pristine state
    import_all(verified)
    todo = [n for n in _ordered(candidates) if n not in sys.modules and allowed(n)]
    pure: list[str] = []
    impure: list[str] = []
    while todo and len(impure) < MAX_IMPURE:
        stop = first_impure(todo)
        ok = todo if stop is None else todo[:stop]
        import_all(ok)
        pure += ok
        if stop is None:
            break
        impure.append(todo[stop])
        todo = [n for n in todo[stop + 1 :] if n not in sys.modules]
    return pure, impure


def _ordered(names: Iterable[str]) -> list[str]:
    """Parents before submodules, then alphabetical."""
    return sorted(set(names), key=lambda n: (n.count("."), n))


def import_all(names: Iterable[str]) -> list[str]:
    """Import each module (parents first); returns those that failed (skipped, never fatal)."""
    import importlib

    failed = []
    for name in _ordered(names):
        if name in sys.modules or not allowed(name):
            continue
        try:
            importlib.import_module(name)
        except Exception:  # a module that cannot be imported outside a kernel is left to the kernel
            failed.append(name)
    return failed
