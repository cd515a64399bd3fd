"""Installs the operator admin site as Django's default admin site.

Kept apart from admin_site.py because app configs load before models exist.
"""

from django.contrib.admin.apps import AdminConfig


class OperatorAdminConfig(AdminConfig):
    default_site = "fairwitness.accounts.admin_site.OperatorAdminSite"
