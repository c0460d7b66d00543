"""The site as the audit sees it: behind the TLS-terminating proxy that production assumes.

In production the proxy marks every request `X-Forwarded-Proto: https`; without it the site
redirects to HTTPS. Lighthouse's `--extra-headers` reaches the page's own requests but not its
robots.txt check, so the audit server adds the header itself. Nothing else differs.
"""

from clinic_site.wsgi import application as site


def application(environ, start_response):
    environ["HTTP_X_FORWARDED_PROTO"] = "https"
    return site(environ, start_response)
