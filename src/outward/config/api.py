"""API v1 (django-ninja), mounted at /api/v1/: the OpenAPI description at /api/v1/openapi.json,
browsable docs at /api/v1/docs.

Every operation declares the one permission it needs (`api_requires`); an operation that
forgets is refused to everybody (`FAIL_CLOSED`), never open.
"""

from outward.accounts.api_auth import FAIL_CLOSED
from outward.alerts.api import router as alerts_router
from outward.cases.api import router as cases_router
from outward.checkins.api import router as checkins_router
from outward.core.api_errors import OutwardAPI, install_error_handlers
from outward.customers.api import router as customers_router
from outward.feedback.api import on_batch_rejected
from outward.feedback.api import router as feedback_router
from outward.initiatives.api import router as initiatives_router
from outward.insights.api import router as insights_router
from outward.insights.report_api import router as insight_reports_router
from outward.insights.survey_api import router as survey_results_router
from outward.programme.api import router as programme_router
from outward.pulse.api import router as pulse_router
from outward.reviews.api import router as reviews_router
from outward.surveys.api import router as surveys_router

api = OutwardAPI(
    title="Outward API",
    version="1",
    description=(
        "Customers, catalog and the feedback stream. Authenticate with an API token "
        "(`Authorization: Bearer ow_...`) or a signed-in session. Each operation names the "
        "permission it needs in `x-permission`. Errors are JSON: "
        '`{"detail": "...", "errors": {"field": "message"}}`.'
    ),
    auth=FAIL_CLOSED,
)
install_error_handlers(api)
on_batch_rejected(api)
api.add_router("/", customers_router)
api.add_router("/", feedback_router)
api.add_router("/", surveys_router)
api.add_router("/", pulse_router)
api.add_router("/", insights_router)
api.add_router("/", insight_reports_router)
api.add_router("/", survey_results_router)
api.add_router("/", alerts_router)
api.add_router("/", reviews_router)
api.add_router("/", initiatives_router)
api.add_router("/", checkins_router)
api.add_router("/", programme_router)
api.add_router("/", cases_router)
