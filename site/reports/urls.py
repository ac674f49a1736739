from django.urls import path

from . import views

# URL patterns of this app; mounted under a language prefix in madafe.urls. Associations
# appear by their public id only.
app_name = "reports"
urlpatterns = [
    path("associations/<slug:public_id>/", views.association_report, name="association"),
]
