"""Django settings, one module per concern. Every value comes from the environment.

``FAIRWITNESS_ENV=production`` switches the secure defaults on; everything
else is set by individual variables documented in docs/configuration.md.
"""

import django_stubs_ext

from config.settings.audit import *  # noqa: F403
from config.settings.auth import *  # noqa: F403
from config.settings.base import *  # noqa: F403
from config.settings.database import *  # noqa: F403
from config.settings.evidence import *  # noqa: F403
from config.settings.footage import *  # noqa: F403
from config.settings.jobs import *  # noqa: F403
from config.settings.mail import *  # noqa: F403
from config.settings.requests import *  # noqa: F403
from config.settings.security import *  # noqa: F403

# Lets generic Django classes be subscripted at run time (ModelAdmin[Agency]).
django_stubs_ext.monkeypatch()
