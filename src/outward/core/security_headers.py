"""Content-Security-Policy and Permissions-Policy on every response.

The policy allows scripts and styles from our own origin only: no inline script, no inline
style (but plotly.js's own two style elements, by hash), no `eval`, no plug-ins, forms post
only to us, and no page may be framed, except the survey page a website embeds (its view
marks the response `xframe_options_exempt`, the same mark that lifts X-Frame-Options). Our
pages keep to it: scripts and styles are static files, and data reaches scripts through
`data-` attributes or JSON script elements.

Django 6.0 brings its own CSP middleware; on 5.2 LTS this is the whole of it (django-csp
would add a dependency for a fixed header and expose the per-response exemption only through
private attributes; it does not cover Permissions-Policy).
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# plotly.js (our static vendor/plotly.min.js) writes its base rules (mode bar, hover labels)
# into two <style> elements of its own; CSP hashes allow exactly those two, nothing else
# inline. A plotly upgrade that changes them shows as CSP errors in the browser tests.
PLOTLY_STYLES = " ".join(
    (
        "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='",
        "'sha256-V2sIX92Uh6ZaGSFTKMHghsB85b9toJtmazgG09AI2uk='",
    )
)

DIRECTIVES: dict[str, str] = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": f"'self' {PLOTLY_STYLES}",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# The embedded survey may sit in any site's page.
EMBEDDABLE = {**DIRECTIVES, "frame-ancestors": "*"}

# Browser features no page of ours uses (a field photo comes from a file input, not the
# camera API), switched off so injected or third-party code cannot ask for them either.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


def _header(directives: dict[str, str]) -> str:
    return "; ".join(f"{name} {value}" for name, value in directives.items())


POLICY = _header(DIRECTIVES)
EMBEDDABLE_POLICY = _header(EMBEDDABLE)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            framable = getattr(response, "xframe_options_exempt", False)
            response["Content-Security-Policy"] = EMBEDDABLE_POLICY if framable else POLICY
        if "Permissions-Policy" not in response:
            response["Permissions-Policy"] = PERMISSIONS_POLICY
        return response
