"""The sandbox's web inbox at ``/ui``: what an account sent, how it went, and a phone to answer with.

Not part of the API (the SMS API spec does not describe it): a page and a few JSON routes the sandbox
serves on its own port, behind the same Basic auth, each account seeing only its own data.
"""

from .guard import RefuseCrossSiteWrites
from .routes import inbox_routes

__all__ = ["RefuseCrossSiteWrites", "inbox_routes"]
