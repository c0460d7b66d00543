"""Staff sessions end after STAFF_SESSION_IDLE_MINUTES without a request, and
STAFF_SESSION_MAX_HOURS after signing in, whatever the browser's cookie says.

Both clocks are kept in the session, on the server. Goes after MessageMiddleware, so the
sign-in page can say why the session ended.
"""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout

STARTED = "staff_session_started"
LAST_SEEN = "staff_session_last_seen"


def why_it_ended(session, now: float) -> str:
    """Empty while the session is alive; otherwise the message for the sign-in page."""
    idle = settings.STAFF_SESSION_IDLE_MINUTES
    longest = settings.STAFF_SESSION_MAX_HOURS
    if now - session.get(STARTED, now) > longest * 3600:
        return f"You were signed out: staff sessions last at most {longest} hours."
    if now - session.get(LAST_SEEN, now) > idle * 60:
        return f"You were signed out after {idle} minutes without activity."
    return ""


def staff_sessions(get_response):
    cookie = settings.SESSION_COOKIE_NAME

    def middleware(request):
        # Without a session cookie nobody is signed in. Checking first leaves visitors' sessions
        # untouched, so their pages carry no "Vary: Cookie" and shared caches can keep them.
        if cookie in request.COOKIES and request.user.is_authenticated:
            now = time.time()
            if reason := why_it_ended(request.session, now):
                logout(request)
                messages.info(request, f"{reason} Sign in again to continue.")
            else:
                request.session.setdefault(STARTED, now)
                request.session[LAST_SEEN] = now
        return get_response(request)

    return middleware
