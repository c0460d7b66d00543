"""Who is asking: the client's address, believed from X-Forwarded-For only via a trusted proxy.

The header is anyone's to write. It counts only when the connection itself comes from an address
in DJANGO_TRUSTED_PROXIES (addresses or CIDR networks; none by default, so it is ignored); the
client is then the right-most address in it that is not one of those proxies, since everything
to its left came from the client. The same list decides whether X-Forwarded-Proto is believed
(`forwarded_headers`, first in the middleware) and feeds gunicorn's forwarded_allow_ips.

python-ipware was considered: it trusts proxies by count or by address prefix, not by CIDR
networks read from the right like this, and the standard `ipaddress` module does it exactly.
"""

import functools
import ipaddress

from django.conf import settings

FORWARDED = ("HTTP_X_FORWARDED_FOR", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_HOST")
# Clients on IPv6 get a whole /64 from their provider: one household, one count.
IPV6_PREFIX = 64


@functools.lru_cache(maxsize=8)
def _networks(proxies: tuple[str, ...]):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text: str):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def is_trusted_proxy(text: str) -> bool:
    address = _address(text)
    return address is not None and any(
        address in network for network in _networks(tuple(settings.TRUSTED_PROXIES))
    )


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    if not is_trusted_proxy(remote):
        return remote
    for part in reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")):
        address = _address(part)
        if address is None:
            break  # a proxy would not write this: trust nothing further left
        if not is_trusted_proxy(str(address)):
            return str(address)
    return remote


def counted_as(address: str) -> str:
    """The address as rate limits count it: IPv6 clients by their /64."""
    parsed = _address(address)
    if parsed is not None and parsed.version == 6 and not parsed.ipv4_mapped:
        return str(ipaddress.ip_network(f"{parsed}/{IPV6_PREFIX}", strict=False))
    return address


def forwarded_headers(get_response):
    """Forget X-Forwarded-* unless the connection comes from a trusted proxy, so nothing later
    (the HTTPS check, the client's address) can be fooled by a client that wrote them itself."""

    def middleware(request):
        if not is_trusted_proxy(request.META.get("REMOTE_ADDR", "")):
            for header in FORWARDED:
                request.META.pop(header, None)
        return get_response(request)

    return middleware
