"""Running the site in production: nginx in front of gunicorn (see deploy/README.md)."""
