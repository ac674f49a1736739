# Account pages of our own (data export, deletion, sessions) are added here by later work.
urlpatterns: list = []
