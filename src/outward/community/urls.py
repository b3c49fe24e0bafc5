from django.urls import path

from outward.community import staff_views, views

app_name = "community"

urlpatterns = [
    path("", views.index, name="index"),
    path("roadmap/", views.roadmap, name="roadmap"),
    path("search/", views.search, name="search"),
    path("sign-in/", views.sign_in, name="sign_in"),
    path("sign-in/<str:token>/", views.redeem, name="redeem"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("staff/", staff_views.queue, name="queue"),
    path("staff/spaces/", staff_views.spaces, name="spaces"),
    path("staff/spaces/save/", staff_views.save_space, name="save_space"),
    path("s/<slug:slug>/", views.space, name="space"),
    path("s/<slug:slug>/new/", views.new_post, name="new_post"),
    path("p/<int:pk>/", views.post, name="post"),
    path("p/<int:pk>/comment/", views.comment, name="comment"),
    path("p/<int:pk>/files/<int:file_pk>/", views.attachment, name="attachment"),
    path("p/<int:pk>/vote/", views.vote, name="vote"),
    path("p/<int:pk>/follow/", views.follow, name="follow"),
    path("p/<int:pk>/report/", views.report, name="report"),
    path("p/<int:pk>/accept/<int:comment_pk>/", views.accept, name="accept"),
    path("p/<int:pk>/status/", staff_views.set_status, name="set_status"),
    path("p/<int:pk>/merge/", staff_views.merge, name="merge"),
    path("p/<int:pk>/link/", staff_views.link, name="link"),
    path("p/<int:pk>/moderate/", staff_views.moderate, name="moderate"),
    path("p/<int:pk>/ban/", staff_views.ban, name="ban"),
    path(
        "p/<int:pk>/comments/<int:comment_pk>/hide/", staff_views.hide_comment, name="hide_comment"
    ),
]
