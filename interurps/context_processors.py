from django.conf import settings
from django.urls import NoReverseMatch, reverse

# (label, URL name, permission needed). A section whose URL does not exist yet is not shown.
NAVIGATION = [
    ("Tableau de bord", "home", None),
    ("CPTS", "cpts:cpts_list", "cpts.view_cpts"),
    ("Réunions", "interurps:meeting_list", "interurps.view_meeting"),
    ("SAS", "sas:home", "sas.view_sasdeployment"),
    ("REPER", "reper:home", "reper.view_reperproject"),
    ("PACTE", "pacte:home", "pacte.view_cohort"),
    ("Contacts", "interurps:person_list", "interurps.view_person"),
    ("Rapport annuel", "interurps:report_list", "interurps.view_reportedition"),
]


def region(request):
    """The region this instance serves (a setting), for the layout's title, brand and footer."""
    return {"region_name": settings.REGION_NAME}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"navigation": []}
    items = []
    for label, url_name, permission in NAVIGATION:
        if permission and not user.has_perm(permission):
            continue
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        items.append(
            {"label": label, "url": url, "active": request.path == url or (url != "/" and request.path.startswith(url))}
        )
    if user.is_staff:
        items.append({"label": "Administration", "url": reverse("admin:index"), "active": False})
    return {"navigation": items}
