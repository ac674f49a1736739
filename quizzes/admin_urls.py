from django.urls import path

from . import admin_views

app_name = "quizzes_admin"
urlpatterns = [
    path("statistics/", admin_views.statistics_index, name="index"),
    path("<int:quiz_id>/statistics/", admin_views.quiz_statistics_view, name="statistics"),
    path("<int:quiz_id>/extra-attempt/", admin_views.grant_extra_attempt, name="grant"),
]
