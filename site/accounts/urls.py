from django.urls import path

from . import views

# Our own account pages; allauth's (sign-in, sign-up, MFA) are mounted beside them.
urlpatterns = [
    path("me/", views.overview, name="account_overview"),
    path("me/sign-out-everywhere/", views.sign_out_everywhere, name="account_sign_out_everywhere"),
    path("me/data/", views.my_data, name="account_my_data"),
    path("me/data.json", views.my_data_json, name="account_my_data_json"),
    path("me/delete/", views.delete_account, name="account_delete"),
    path("deleted/", views.account_deleted, name="account_deleted"),
]
