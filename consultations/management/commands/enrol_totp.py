"""Set up a staff member's authenticator app (TOTP): the second factor for the admin.

Run it with the staff member beside you; they scan the QR code (or type the otpauth:// link)
into an authenticator app. Without a device nobody gets past the admin's sign-in page.
"""

import io

import qrcode
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

DEVICE_NAME = "Authenticator app"


class Command(BaseCommand):
    help = (
        "Create the TOTP device a staff member needs to sign in to the admin, and print the "
        "QR code and otpauth:// link to scan into their authenticator app."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The staff member's user name.")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="Replace an existing device (a lost phone); the old one stops working.",
        )
        parser.add_argument(
            "--no-qr", action="store_true", help="Print only the otpauth:// link, no QR code."
        )

    def handle(self, *args, username: str, replace: bool, no_qr: bool, **options):
        user = self._staff_user(username)
        with transaction.atomic():
            existing = TOTPDevice.objects.devices_for_user(user)
            if existing.exists() and not replace:
                raise CommandError(
                    f"{username} already has an authenticator app. Use --replace to replace it "
                    "(the old one stops working)."
                )
            existing.delete()
            device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True)
        uri = device.config_url
        if not no_qr:
            code = qrcode.QRCode(border=2)
            code.add_data(uri)
            drawing = io.StringIO()  # qrcode writes a character at a time; stdout adds newlines
            code.print_ascii(out=drawing, invert=True)
            self.stdout.write(drawing.getvalue())
        self.stdout.write(f"\n{uri}\n")
        self.stdout.write(
            f"\nScan the code, or type the link, into {username}'s authenticator app, then ask "
            "them to sign in with the 6-digit code it shows. The link is a secret: do not "
            "email it, paste it in chat or keep a copy.\n"
        )

    def _staff_user(self, username: str):
        try:
            user = get_user_model()._default_manager.get_by_natural_key(username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"There is no user called {username!r}.") from None
        if not (user.is_active and user.is_staff):
            raise CommandError(
                f"{username} is not an active staff user: tick Active and Staff status first."
            )
        return user
