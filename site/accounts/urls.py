from django.urls import path

from . import views

# Our own account pages; allauth's (sign-in, sign-up, MFA) are mounted beside them.
urlpatterns = [
    path("me/", views.overview, name="account_overview"),
    path("me/sign-out-everywhere/", views.sign_out_everywhere, name="account_sign_out_everywhere"),
]
