"""Load test and benchmark tools; never imported by the site itself."""

# The framework floor's URL, mounted only by perf/urls.py (the benchmark's own URLconf).
FLOOR_PATH = "__floor__/"
