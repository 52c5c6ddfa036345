"""Pages of the CPTS app (namespace `cpts`); included by the root URLconf when the app is installed."""

app_name = "cpts"

urlpatterns = []
