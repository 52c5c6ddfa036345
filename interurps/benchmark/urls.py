"""The bench's URLconf: the app's own, plus a trivial view to measure Django itself against."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from interurps.urls import urlpatterns as app_urlpatterns


@login_not_required
def trivial(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("banc/trivial/", trivial, name="bench_trivial"), *app_urlpatterns]
