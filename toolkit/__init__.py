"""Shadow-report toolkit: structured findings → UN treaty-body and UPR submissions."""

__version__ = "0.1.0"
