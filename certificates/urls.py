# URL patterns of this app; mounted under a language prefix in madafe.urls.
app_name = "certificates"
urlpatterns: list = []
