"""Installs the two-factor admin site (admin_site.py) as `admin.site`.

In INSTALLED_APPS in place of "django.contrib.admin". Kept apart from admin_site.py, which
imports models and so cannot load while the app registry is still being built.
"""

from django.contrib.admin.apps import AdminConfig


class StaffAdminConfig(AdminConfig):
    default_site = "clinic_site.admin_site.StaffAdminSite"
