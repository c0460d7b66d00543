"""Settings for the benchmark only: the production settings plus a bare "ok" view (the floor).

Production never loads this module, so the floor route exists only while benchmarking.
"""

from clinic_site.settings import *  # noqa: F403

ROOT_URLCONF = "perf.urls"
