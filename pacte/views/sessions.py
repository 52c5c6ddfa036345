"""Sessions of a module: dates and trainers, attendance taken at once, the attendance sheet in PDF."""

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.text import slugify
from django.views.generic import CreateView, DetailView, FormView, UpdateView

from interurps.mixins import RolePermissionMixin
from interurps.pdf import render_pdf
from pacte import selectors, services
from pacte.forms import AttendanceForm, SessionForm
from pacte.models import Attendance, Module, Session
from pacte.views.base import PacteFormMixin, ParentMixin


class SessionFormMixin(PacteFormMixin):
    model = Session
    form_class = SessionForm

    def get_module(self):
        return self.object.module if self.object else self.get_parent()

    def get_title(self):
        module = self.get_module()
        if self.object:
            return f"Modifier la session du module « {module.title} »"
        return f"Nouvelle session du module « {module.title} » ({module.cohort})"

    def get_cancel_url(self):
        if self.object:
            return reverse("pacte:session", args=[self.object.pk])
        return reverse("pacte:cohort", args=[self.get_module().cohort_id])

    def get_success_url(self):
        return reverse("pacte:session", args=[self.object.pk])


class SessionCreateView(RolePermissionMixin, ParentMixin, SessionFormMixin, CreateView):
    permission_required = "pacte.add_session"
    parent_queryset = Module.objects.select_related("cohort__programme")
    success_message = "Session enregistrée."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["instance"] = Session(module=self.get_parent())
        return kwargs


class SessionUpdateView(RolePermissionMixin, SessionFormMixin, UpdateView):
    permission_required = "pacte.change_session"

    def get_queryset(self):
        return Session.objects.select_related("module__cohort__programme")


class SessionDetailView(RolePermissionMixin, DetailView):
    """A session: dates, place, trainers and who attended."""

    model = Session
    permission_required = "pacte.view_session"

    def get_queryset(self):
        return Session.objects.for_sheet().prefetch_related("attendances")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        roster = selectors.session_roster(self.object)
        labels = dict(Attendance.Status.choices)
        context["roster"] = [(learner, status, labels.get(status, "")) for learner, status in roster]
        statuses = [status for _, status in roster]
        context["counts"] = [(label, statuses.count(value)) for value, label in Attendance.Status.choices]
        context["unmarked"] = statuses.count(None)
        return context


class SessionAttendanceView(RolePermissionMixin, PacteFormMixin, FormView):
    """One page to mark every learner of the session present, absent or excused, saved at once."""

    permission_required = ("pacte.add_attendance", "pacte.change_attendance")
    form_class = AttendanceForm
    template_name = "pacte/session_attendance.html"

    def dispatch(self, request, *args, **kwargs):
        sessions = Session.objects.select_related("module__cohort").prefetch_related("attendances")
        self.session = get_object_or_404(sessions, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs["roster"] = selectors.session_roster(self.session)
        if self.request.GET.get("tous") in Attendance.Status.values:
            kwargs["default"] = self.request.GET["tous"]
        return kwargs

    def get_context_data(self, **kwargs):
        return super().get_context_data(session=self.session, **kwargs)

    def save(self, form):
        services.record_attendance(self.session, form.statuses(), user=self.request.user)
        self.count = len(form.rows)

    def get_success_message(self):
        return f"Présences enregistrées pour {self.count} apprenant·e{'s' if self.count > 1 else ''}."

    def get_success_url(self):
        return reverse("pacte:session", args=[self.session.pk])


class SessionSheetView(RolePermissionMixin, DetailView):
    """The attendance sheet (feuille d'émargement) of a session, in PDF: a signature box per half-day."""

    model = Session
    permission_required = "pacte.view_session"

    def get_queryset(self):
        return Session.objects.for_sheet().prefetch_related("attendances")

    def render_to_response(self, context, **response_kwargs):
        session = self.object
        labels = dict(Attendance.Status.choices)
        rows = [(learner, labels.get(status, "")) for learner, status in selectors.session_roster(session)]
        html = render_to_string(
            "pacte/attendance_sheet.html",
            {
                "session": session,
                "cohort": session.module.cohort,
                "rows": rows,
                "days": session.days,
                "region_name": settings.REGION_NAME,
            },
        )
        response = HttpResponse(render_pdf(html), content_type="application/pdf")
        filename = f"emargement-{slugify(session.module.title)}-{session.start_date:%Y-%m-%d}.pdf"
        response["Content-Disposition"] = f'inline; filename="{filename}"'
        return response
