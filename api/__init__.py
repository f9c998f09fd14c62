"""The REST API (/api/v1/) on top of the domain apps: nothing imports it but config/urls.py."""
