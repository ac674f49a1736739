from django.urls import path

from . import admin_views

app_name = "certificates_admin"
urlpatterns = [
    path("", admin_views.index, name="index"),
    path("<int:pk>/revoke/", admin_views.revoke, name="revoke"),
    path("<int:pk>/reinstate/", admin_views.reinstate, name="reinstate"),
    path("<int:pk>/reissue/", admin_views.reissue, name="reissue"),
    path("course/<int:course_id>/zip/", admin_views.course_archive, name="course_archive"),
    path(
        "association/<str:public_id>/zip/",
        admin_views.association_archive,
        name="association_archive",
    ),
]
