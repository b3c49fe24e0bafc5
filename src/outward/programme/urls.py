from django.urls import path

from outward.programme import views

app_name = "programme"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("reassess/", views.reassess, name="reassess"),
    path("funding/", views.funding, name="funding"),
    path("policy/", views.policy, name="policy"),
    path("policy/publish/", views.publish_policy, name="publish_policy"),
    path("policy/<int:number>/document/", views.policy_document, name="policy_document"),
    path("training/", views.training, name="training"),
    path("training/record/", views.record_training, name="record_training"),
]
