"""CSV export of selected requests, for clinic managers only (see the admin action)."""

import csv
import io

from django.utils import timezone

from consultations.models import ConsultationRequest

# Spreadsheets run cells starting with these as formulas; a leading apostrophe keeps them text.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M %Z") if moment else ""


COLUMNS = [
    ("Reference", lambda r: r.reference),
    ("Received", lambda r: _local(r.received_at)),
    ("Status", lambda r: r.get_status_display()),
    ("Risk words", lambda r: r.get_risk_display() if r.risk else ""),
    ("Assigned to", lambda r: r.assigned_to.get_username() if r.assigned_to else ""),
    ("Full name", lambda r: r.full_name),
    ("Preferred name", lambda r: r.preferred_name),
    ("Email", lambda r: r.email),
    ("Phone", lambda r: r.phone_display),
    ("Contact method", lambda r: r.get_contact_method_display()),
    ("Best times", lambda r: r.contact_times_display),
    ("Voicemail or caller ID", lambda r: r.get_voicemail_ok_display()),
    ("Province or territory", lambda r: r.get_province_display()),
    ("Patient's language", lambda r: r.language_name),
    ("Confirmed 18 or older", lambda r: _yes_no(r.is_adult)),
    ("Help wanted", lambda r: r.help_wanted_display),
    ("Sent by", lambda r: r.get_source_display()),
    ("Referred by a clinician", lambda r: _yes_no(r.referred_by_clinician)),
    ("Referring clinician", lambda r: r.referrer_name),
    ("Referring clinician's contact", lambda r: r.referrer_contact),
    ("Referring clinician's profession", lambda r: r.get_referrer_profession_display()),
    ("Registration or licence number", lambda r: r.referrer_registration),
    ("Referring clinician's email", lambda r: r.referrer_email),
    ("Referring clinician's phone", lambda r: r.referrer_phone_display),
    ("Message", lambda r: r.message),
    ("Heard of us from", lambda r: r.get_heard_from_display()),
    ("Consent given", lambda r: _local(r.consent_given_at)),
    ("Privacy notice version", lambda r: r.privacy_notice_version),
]


def safe_cell(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def requests_to_csv(consultation_requests: list[ConsultationRequest]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title for title, _ in COLUMNS])
    for item in consultation_requests:
        writer.writerow([safe_cell(str(value(item))) for _, value in COLUMNS])
    return buffer.getvalue()
