from django.urls import path

from . import admin_views

app_name = "reports_admin"
urlpatterns = [
    path("", admin_views.dashboard, name="dashboard"),
    path("export.csv", admin_views.export_csv, name="export_csv"),
    path("export.h5", admin_views.export_hdf5, name="export_hdf5"),
]
