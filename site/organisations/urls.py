from django.urls import path

from . import views

# Mounted at /<lang>/associations/ in madafe.urls. Associations appear in URLs by their
# public id only.
app_name = "organisations"
urlpatterns = [
    path("", views.my_associations, name="mine"),
    path("join/", views.join, name="join"),
    path("<slug:public_id>/leave/", views.leave, name="leave"),
    path("<slug:public_id>/sharing/", views.sharing, name="sharing"),
]
