"""Second factor (django-otp): enrolment of an authenticator app, verification at each login, recovery codes.

An administrator enrols once: the page shows a QR code (drawn on the server as SVG) and the
secret; the first code typed confirms the device and shows ten one-time recovery codes, once.
At each later login the TwoFactorMiddleware sends them to the verification page, where a code
of the app or one recovery code (used up) is accepted. Losing both: another administrator resets
the second factor (`manage.py reset_two_factor USERNAME`), and the next login enrols again.
"""

import base64
import logging

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.views import View
from django_otp import devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from interurps.middleware import has_device

logger = logging.getLogger("interurps.security")

RECOVERY_CODES = 10
APP_DEVICE_NAME = "Application d'authentification"
RECOVERY_DEVICE_NAME = "Codes de secours"


class TokenForm(forms.Form):
    token = forms.CharField(
        label="Code à usage unique",
        max_length=16,
        help_text="Les 6 chiffres affichés par l'application, ou un code de secours.",
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()


def next_url(request):
    url = request.POST.get("next") or request.GET.get("next") or settings.LOGIN_REDIRECT_URL
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return settings.LOGIN_REDIRECT_URL


def create_recovery_codes(user):
    """Replace the user's recovery codes with ten new ones; return them (shown once, stored as given)."""
    device, _ = StaticDevice.objects.get_or_create(user=user, name=RECOVERY_DEVICE_NAME)
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


def qr_code_svg(data):
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    return mark_safe(svg.replace("<svg ", '<svg class="qr-code" role="img" aria-label="QR code" ', 1))  # noqa: S308


class TwoFactorVerifyView(View):
    template_name = "registration/two_factor_verify.html"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_verified():
            return redirect(next_url(request))
        if not has_device(request.user):
            return redirect("two_factor_setup")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        return self.render(TokenForm())

    def post(self, request):
        form = TokenForm(request.POST)
        if form.is_valid():
            device = match_token(request.user, form.cleaned_data["token"])
            if device is not None:
                otp_login(request, device)
                return redirect(next_url(request))
            logger.warning("Second facteur refusé pour %s", request.user.get_username())
            form.add_error("token", "Code incorrect ou expiré. Réessayez avec le code affiché maintenant.")
        return self.render(form)

    def render(self, form):
        return render(self.request, self.template_name, {"form": form, "next": next_url(self.request)})


class TwoFactorSetupView(View):
    """Enrol an authenticator app: only for a user who has none yet (else: verification, or a reset)."""

    template_name = "registration/two_factor_setup.html"

    def dispatch(self, request, *args, **kwargs):
        if has_device(request.user):
            return redirect("two_factor_verify")
        return super().dispatch(request, *args, **kwargs)

    def device(self):
        device = TOTPDevice.objects.filter(user=self.request.user, confirmed=False).first()
        return device or TOTPDevice.objects.create(user=self.request.user, name=APP_DEVICE_NAME, confirmed=False)

    def get(self, request):
        return self.render(TokenForm(), self.device())

    def post(self, request):
        form = TokenForm(request.POST)
        device = self.device()
        if form.is_valid():
            if device.verify_token(form.cleaned_data["token"]):
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                for other in devices_for_user(request.user, confirmed=False):
                    other.delete()
                codes = create_recovery_codes(request.user)
                otp_login(request, device)
                logger.info("Second facteur activé pour %s", request.user.get_username())
                context = {"codes": codes, "next": next_url(request)}
                return render(request, "registration/two_factor_codes.html", context)
            form.add_error("token", "Code incorrect : vérifiez l'heure du téléphone et saisissez le code affiché.")
        return self.render(form, device)

    def render(self, form, device):
        secret = base64.b32encode(device.bin_key).decode()
        context = {
            "form": form,
            "qr_code": qr_code_svg(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": next_url(self.request),
        }
        return render(self.request, self.template_name, context)
