"""Shadow-report toolkit: structured findings → UN treaty-body and UPR submissions."""

import os

__version__ = "0.1.0"

# The toolkit uses no pydantic plugins; without this, building the first model scans the
# entry points of every installed distribution (tens of milliseconds on each command).
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
