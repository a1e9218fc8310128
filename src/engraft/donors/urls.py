app_name = "donors"
urlpatterns: list = []
