"""Root URLconf. The apps register their URLconfs (interurps.registry), so this module names none of them."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from interurps import registry
from interurps.views.home import HomeView
from interurps.views.two_factor import TwoFactorSetupView, TwoFactorVerifyView

admin.site.site_header = "InterURPS – administration"
admin.site.site_title = "InterURPS"
admin.site.index_title = "Données de référence et comptes"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("mot-de-passe/modifie/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("double-authentification/", TwoFactorVerifyView.as_view(), name="two_factor_verify"),
    path("double-authentification/activer/", TwoFactorSetupView.as_view(), name="two_factor_setup"),
    path("", include(("interurps.urls.staff", "interurps"))),
    path("admin/", admin.site.urls),
]

# The installed apps contribute their pages under their own prefix and namespace (their URLconf's app_name).
for url_include in registry.url_includes():
    urlpatterns.append(path(url_include.prefix, include(url_include.module)))

# No URL serves MEDIA_ROOT, not even in development: published reports and pictures go through their views,
# which check the role (interurps.views.report, interurps.views.pictures).
