"""Gunicorn settings for production; every value can be changed from the environment.

Start with `gunicorn` from the project folder (it reads this file): it serves
clinic_site.wsgi behind a TLS-terminating proxy. See "Deploying" in the README.
"""

import multiprocessing

from clinic_site.env import env_int, env_networks, env_str

wsgi_app = "clinic_site.wsgi:application"

# Where to listen: the proxy (nginx, a load balancer) forwards to this address.
bind = env_str("GUNICORN_BIND", "127.0.0.1:8000").split(",")
# Sync workers: about two per core, plus one.
workers = env_int("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1, minimum=1, maximum=64)
worker_class = "sync"
# A request that takes longer than this is killed and answered 502 by the proxy.
timeout = env_int("GUNICORN_TIMEOUT", 30, minimum=5, maximum=300)
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30, minimum=1, maximum=300)
keepalive = env_int("GUNICORN_KEEPALIVE", 5, minimum=0, maximum=120)
# Workers are recycled after this many requests (with jitter), so memory cannot creep.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 5000, minimum=0)
max_requests_jitter = max_requests // 10
# Load Django, check the configuration and render the articles once, before forking.
preload_app = True
# Only the proxy on these addresses may say the request came over HTTPS.
forwarded_allow_ips = ",".join(env_networks("DJANGO_TRUSTED_PROXIES"))
# Refuse oversized request lines and headers early (the form's body limit is Django's).
limit_request_line = 4094
limit_request_fields = 60
limit_request_field_size = 8190

# Logs go to standard output and error for the service manager to collect. The access log
# names the path but never the query string (%(U)s, not %(r)s): a search or a link may carry
# words a person typed.
accesslog = env_str("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = env_str("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
