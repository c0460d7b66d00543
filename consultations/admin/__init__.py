"""The staff admin for consultation requests: the request queue and the audit log.

requests.py is the queue and each request's page; actions.py, filters.py, forms.py and
inlines.py are its parts; audit_log.py is the log's own read-only pages.
"""

from django.contrib import admin

from consultations.admin.audit_log import AuditEventAdmin
from consultations.admin.requests import ConsultationRequestAdmin
from consultations.models import AuditEvent, ConsultationRequest

admin.site.register(ConsultationRequest, ConsultationRequestAdmin)
admin.site.register(AuditEvent, AuditEventAdmin)
