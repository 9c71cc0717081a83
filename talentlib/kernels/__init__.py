"""Pre-forked kernels: a zygote per runner forks a fresh, single-use ipykernel per notebook (Linux).

How a notebook gets its kernel on the ``prefork`` engine::

    runner     starts one zygote (``python -m talentlib.kernels.zygote``) before its workers fork, and stops it
               when the run ends (the zygote dies with the runner, its kernels die with the zygote)
    zygote     imports ipykernel and the modules kernels loaded in earlier runs (measured, see
               :mod:`talentlib.kernels.preload`), ``gc.freeze()``, then waits on a Unix socket; it has no thread,
               event loop or ZMQ context when it forks
    worker     papermill → nbclient → :class:`talentlib.kernels.provisioner` (a jupyter_client kernel
               provisioner, registered through the ``jupyter_client.kernel_provisioners`` entry point) asks the
               zygote to fork; the child applies the kernel's environment, cwd and argv, reseeds numpy's legacy
               RNG and runs an unmodified ``IPKernelApp``
    exit       the zygote watches each child through a pidfd and reports its exit status; after a shutdown
               request the interpreter's exit is left to the zygote (killed if it is not gone within
               :data:`talentlib.kernels.zygote.DETACHED_GRACE_S`)

``talentlib kernels start`` keeps one zygote serving between runs instead (:mod:`talentlib.kernels.server`, the
server's side in :mod:`talentlib.kernels.serving`): a run that may use it forks its kernels there and waits for no
preload.

Nothing here is imported by the notebooks; this package imports no analysis.
"""

from __future__ import annotations

import os
import sys

#: Name of the provisioner in the ``jupyter_client.kernel_provisioners`` entry-point group (pyproject.toml).
PROVISIONER_NAME = "talentlib-zygote"
#: Execution engines the runner knows: ``prefork`` (this package) and ``plain`` (a new interpreter per kernel).
ENGINES = ("prefork", "plain")


def supported() -> bool:
    """True where pre-forked kernels work: Linux with ``os.fork``, ``os.pidfd_open`` and ``socket.send_fds``."""
    import socket

    return sys.platform == "linux" and hasattr(os, "pidfd_open") and hasattr(socket, "send_fds")
