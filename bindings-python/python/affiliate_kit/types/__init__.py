"""Typed, immutable results of the core (frozen dataclasses) and the TypedDicts hosts pass in.

Every result class is a frozen dataclass with the core's field names and a ``to_dict()`` method.
See ``affiliate_kit._codec`` for how JSON maps onto them. Each module lists its names in ``__all__``.
"""

from __future__ import annotations

from . import codes, durable, event_data, events, inputs, ledger, money, plans, program, reports, webhooks
from .codes import *  # noqa: F401,F403
from .durable import *  # noqa: F401,F403
from .event_data import *  # noqa: F401,F403
from .events import *  # noqa: F401,F403
from .inputs import *  # noqa: F401,F403
from .ledger import *  # noqa: F401,F403
from .money import *  # noqa: F401,F403
from .plans import *  # noqa: F401,F403
from .program import *  # noqa: F401,F403
from .reports import *  # noqa: F401,F403
from .webhooks import *  # noqa: F401,F403

__all__ = []
__all__ += money.__all__
__all__ += codes.__all__
__all__ += plans.__all__
__all__ += program.__all__
__all__ += ledger.__all__
__all__ += reports.__all__
__all__ += webhooks.__all__
__all__ += events.__all__
__all__ += event_data.__all__
__all__ += inputs.__all__
__all__ += durable.__all__
