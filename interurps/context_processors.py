from django.conf import settings
from django.urls import NoReverseMatch, reverse

from interurps import registry


def region(request):
    """The region this instance serves (a setting), for the layout's title, brand and footer."""
    return {"region_name": settings.REGION_NAME}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    # The menu entries the apps register (interurps.registry). An entry whose URL does not exist is not shown.
    for entry in registry.menu_entries():
        if not entry.visible_to(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        items.append(
            {
                "label": entry.label,
                "url": url,
                "active": request.path == url or (url != "/" and request.path.startswith(url)),
            }
        )
    if user.is_staff:
        items.append({"label": "Administration", "url": reverse("admin:index"), "active": False})
    return {"navigation": items}
