"""One module per page of thin @dash.callback functions; importing this package registers all."""

from __future__ import annotations

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    if not _module.name.startswith("_") and _module.name != "server":
        importlib.import_module(f"{__name__}.{_module.name}")
