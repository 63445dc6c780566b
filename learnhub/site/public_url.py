"""The site's public address, and a warning when certificates would carry a dead one.

Every QR code and e-mailed link is built from PUBLIC_URL (never from the request), so
a loopback address there makes QR codes that work only on the server itself.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

from flask import Flask
from flask_babel import lazy_gettext as _l

LOOPBACK_WARNING = _l(
    "This site's public address is %(url)s, a loopback address: QR codes and links on "
    "certificates will not open on anyone else's device. Set LEARNHUB_PUBLIC_URL to the "
    "address people use."
)


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback or ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def warn_if_loopback(app: Flask) -> None:
    """Say at start-up, in the log, when the public address is a loopback one."""
    url = app.config["PUBLIC_URL"]
    if is_loopback(url) and not app.testing:
        app.logger.warning(
            "LEARNHUB_PUBLIC_URL is %s, a loopback address: certificate QR codes will not "
            "open on other devices. Set it to the site's public address.",
            url,
        )
