# URL patterns of this app; mounted under a language prefix in madafe.urls.
from django.urls import path, register_converter

from . import views


class FileFormatConverter:
    regex = "png|pdf"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(FileFormatConverter, "file_format")

app_name = "certificates"
urlpatterns = [
    path("", views.my_certificates, name="mine"),
    path("<int:pk>/name/", views.choose_name, name="choose_name"),
    path("<int:pk>/download/<file_format:file_format>/", views.download, name="download"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify, name="verify_code"),
]
