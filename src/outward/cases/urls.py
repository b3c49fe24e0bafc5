from django.urls import path

from outward.cases.views import cases, promises, remedies

app_name = "cases"

urlpatterns = [
    path("", cases.case_list, name="list"),
    path("new/", cases.case_new, name="new"),
    path("bulk-assign/", cases.bulk_assign, name="bulk_assign"),
    path("from-feedback/<uuid:pk>/", cases.from_feedback, name="from_feedback"),
    path("approvals/", remedies.approvals, name="approvals"),
    path("remedies/<int:pk>/decide/", remedies.decide, name="decide"),
    path("policy/", remedies.policy, name="policy"),
    path("policy/rules/", remedies.policy_add_rule, name="policy_add_rule"),
    path("policy/sla/", remedies.sla_save, name="sla_save"),
    path(
        "policy/rules/<int:index>/delete/", remedies.policy_remove_rule, name="policy_remove_rule"
    ),
    path("promises/", promises.promise_list, name="promises"),
    path("promises/<int:pk>/kept/", promises.keep, name="promise_kept"),
    path("promises/<int:pk>/broken/", promises.broken, name="promise_broken"),
    path("cracks/", promises.cracks_view, name="cracks"),
    path("skills/", promises.skills_gap, name="skills"),
    path("<uuid:pk>/", cases.case_detail, name="detail"),
    path("<uuid:pk>/assign/", cases.assign_view, name="assign"),
    path("<uuid:pk>/priority/", cases.priority_view, name="priority"),
    path("<uuid:pk>/note/", cases.note_view, name="note"),
    path("<uuid:pk>/next-step/", cases.next_step_view, name="next_step"),
    path("<uuid:pk>/email/", cases.email_view, name="email"),
    path("<uuid:pk>/waiting/", cases.waiting_view, name="waiting"),
    path("<uuid:pk>/resolve/", cases.resolve_view, name="resolve"),
    path("<uuid:pk>/close/", cases.close_view, name="close"),
    path("<uuid:pk>/reopen/", cases.reopen_view, name="reopen"),
    path("<uuid:pk>/remedy/", cases.remedy_view, name="remedy"),
    path("<uuid:pk>/promise/", cases.promise_view, name="promise"),
]
