"""Staff sign-ins, failures, lockouts, sign-outs and second-factor changes, into the audit log.

Connected in ConsultationsConfig.ready(). Who, from which address and when; never a password or
a code. A failure names the account only when one by that name exists: people sometimes type
their password into the user-name box.
"""

from django.contrib.auth import get_user_model

from clinic_site.client_ip import client_ip
from consultations import audit
from consultations.models import AuditEvent

UNKNOWN = "(no such user name)"


def _address(request) -> str | None:
    return client_ip(request) or None if request is not None else None


def signed_in(sender, request, user, **kwargs):
    audit.record_staff(
        AuditEvent.Action.SIGNED_IN,
        actor=user.get_username(),
        user_id=user.pk,
        address=_address(request),
    )


def signed_out(sender, request, user, **kwargs):
    if user is None:  # the session had already ended
        return
    audit.record_staff(
        AuditEvent.Action.SIGNED_OUT,
        actor=user.get_username(),
        user_id=user.pk,
        address=_address(request),
    )


def _account(username: str) -> tuple[str, int | None]:
    user = get_user_model().objects.filter(username=username).only("pk").first()
    return (username, user.pk) if user else (UNKNOWN, None)


def sign_in_failed(sender, credentials, request=None, **kwargs):
    actor, user_id = _account(str(credentials.get("username", "")))
    audit.record_staff(
        AuditEvent.Action.SIGN_IN_FAILED,
        actor=actor,
        user_id=user_id,
        detail="the user name, password or code was not right",
        address=_address(request),
    )


def locked_out(sender, request, username, ip_address, **kwargs):
    actor, user_id = _account(str(username or ""))
    audit.record_staff(
        AuditEvent.Action.LOCKED_OUT, actor=actor, user_id=user_id, address=ip_address or None
    )


def device_saved(sender, instance, created, **kwargs):
    if created:
        _device(AuditEvent.Action.DEVICE_ADDED, instance)


def device_deleted(sender, instance, **kwargs):
    _device(AuditEvent.Action.DEVICE_REMOVED, instance)


def _device(action: str, device) -> None:
    owner = device.user
    audit.record_staff(
        action,
        actor=owner.get_username(),
        user_id=owner.pk,
        detail=f"{device._meta.verbose_name}",
    )


def connect() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
    from django.db.models.signals import post_delete, post_save
    from django_otp.plugins.otp_totp.models import TOTPDevice
    from django_otp_webauthn.models import WebAuthnCredential

    user_logged_in.connect(signed_in, dispatch_uid="audit-signed-in")
    user_logged_out.connect(signed_out, dispatch_uid="audit-signed-out")
    user_login_failed.connect(sign_in_failed, dispatch_uid="audit-sign-in-failed")
    user_locked_out.connect(locked_out, dispatch_uid="audit-locked-out")
    post_save.connect(device_saved, sender=TOTPDevice, dispatch_uid="audit-device-saved")
    post_delete.connect(device_deleted, sender=TOTPDevice, dispatch_uid="audit-device-deleted")
    # A passkey is a second factor too.
    post_save.connect(device_saved, sender=WebAuthnCredential, dispatch_uid="audit-passkey-saved")
    post_delete.connect(
        device_deleted, sender=WebAuthnCredential, dispatch_uid="audit-passkey-deleted"
    )
