"""Whether a host name or address is this machine's loopback: the one rule the SDK and the sandbox share.

The SDK warns before it sends Basic credentials over plain http to any other host; the sandbox binds to and
pushes callbacks to loopback only unless told otherwise. Standard library only, so the sandbox may import it.
"""

from __future__ import annotations

__all__ = ["is_loopback_host"]


def is_loopback_host(host: str) -> bool:
    """``localhost`` (and ``*.localhost``, RFC 6761), or a loopback IPv4/IPv6 address (brackets allowed)."""
    host = host.strip().strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    # Imported here: ipaddress is ~8 ms of `import sms_api`, and only plain-http clients and the sandbox ask.
    import ipaddress

    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
