# URL patterns of this app; mounted under a language prefix in madafe.urls.
from django.urls import path

from . import views

app_name = "courses"
urlpatterns = [
    path("learning/", views.my_learning, name="my_learning"),
    path("learning/start/<int:course_id>/", views.start, name="start"),
    path("learning/complete/<int:step_id>/", views.complete, name="complete"),
]
