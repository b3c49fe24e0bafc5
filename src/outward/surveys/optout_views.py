"""The public opt-out page behind every survey e-mail's "no more surveys" link.

GET shows a confirm button and changes nothing (mail scanners follow links); POST opts out.
The POST is CSRF-exempt on purpose: mail clients' one-click unsubscribe (RFC 8058,
`List-Unsubscribe-Post`) posts without our form, and the signed 128-bit token in the URL is
the credential, which a cross-site attacker does not have. It works for used and expired
links too: stopping mail must never depend on the survey still being open.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from outward.surveys.services.invitations import opt_out, suppression_reason
from outward.surveys.tokens import InvalidToken, find_invitation

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "title": "No more surveys?",
        "ask": "Confirm and we will not send survey invitations to {email} any more.",
        "button": "Stop sending me surveys",
        "done_title": "You will get no more surveys",
        "done": "We have stopped survey invitations to {email}. Thank you for telling us.",
    },
    "de": {
        "title": "Keine Umfragen mehr?",
        "ask": "Bestätigen Sie, und wir senden keine Umfrage-Einladungen mehr an {email}.",
        "button": "Keine Umfragen mehr senden",
        "done_title": "Sie erhalten keine Umfragen mehr",
        "done": "Wir senden keine Umfrage-Einladungen mehr an {email}. Danke für Ihre Nachricht.",
    },
    "fr": {
        "title": "Ne plus recevoir de questionnaires ?",
        "ask": "Confirmez et nous n'enverrons plus d'invitations à {email}.",
        "button": "Ne plus m'envoyer de questionnaires",
        "done_title": "Vous ne recevrez plus de questionnaires",
        "done": "Nous n'enverrons plus d'invitations à {email}. Merci de nous l'avoir dit.",
    },
    "nl": {
        "title": "Geen enquêtes meer?",
        "ask": "Bevestig en we sturen geen enquête-uitnodigingen meer naar {email}.",
        "button": "Stuur mij geen enquêtes meer",
        "done_title": "U krijgt geen enquêtes meer",
        "done": "We sturen geen enquête-uitnodigingen meer naar {email}. Bedankt.",
    },
}


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def opt_out_page(request: HttpRequest, token: str) -> HttpResponse:
    try:
        invitation = find_invitation(token)
    except InvalidToken:
        return render(request, "surveys/opt_out_invalid.html", status=404)
    language = invitation.language if invitation.language in TEXTS else "en"
    texts = TEXTS[language]
    email = invitation.email or (invitation.customer.email if invitation.customer else "")
    done = request.method == "POST"
    if done:
        opt_out(invitation)
    else:
        done = suppression_reason(email) == "opted_out"
    context = {
        "language": language,
        "done": done,
        "title": texts["done_title"] if done else texts["title"],
        "message": (texts["done"] if done else texts["ask"]).format(email=email or "you"),
        "button": texts["button"],
    }
    return render(request, "surveys/opt_out.html", context)
