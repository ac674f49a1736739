"""The trainee's own pages: my associations, join with a code, leave, share or not."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from . import services
from .forms import JoinForm, SharingForm


def _own_membership_or_404(request, public_id):
    # Someone else's association and no association at all look the same: 404.
    membership = services.get_own_membership(request.user, public_id)
    if membership is None:
        raise Http404
    return membership


def _render_mine(request, join_form):
    return render(
        request,
        "organisations/my_associations.html",
        {
            "memberships": list(services.memberships_of(request.user)),
            "join_form": join_form,
            "min_group_size": settings.MADAFE_MIN_GROUP_SIZE,
        },
    )


@login_required
def my_associations(request):
    return _render_mine(request, JoinForm())


@login_required
@require_POST
def join(request):
    form = JoinForm(request.POST)
    if form.is_valid():
        try:
            result = services.join_by_code(request.user, form.cleaned_data["code"])
        except services.JoinError as error:
            form.add_error("code", error.message)
        else:
            name = result.membership.organisation.name
            if result.created:
                messages.success(request, _("You joined %(name)s.") % {"name": name})
            else:
                messages.info(request, _("You are already a member of %(name)s.") % {"name": name})
            return redirect("organisations:mine")
    # The form again, with the reason in words (200, like any form with errors).
    return _render_mine(request, form)


@login_required
@require_http_methods(["GET", "POST"])
def leave(request, public_id):
    membership = _own_membership_or_404(request, public_id)
    if request.method == "POST":
        name = membership.organisation.name
        services.leave(membership)
        messages.success(request, _("You left %(name)s.") % {"name": name})
        return redirect("organisations:mine")
    return render(request, "organisations/leave_confirm.html", {"membership": membership})


@login_required
@require_POST
def sharing(request, public_id):
    membership = _own_membership_or_404(request, public_id)
    form = SharingForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest()
    share = form.cleaned_data["share"]
    services.set_share_progress(membership, share)
    name = membership.organisation.name
    if share:
        message = _("The coordinators of %(name)s can now see your progress.")
    else:
        message = _("The coordinators of %(name)s can no longer see your progress.")
    messages.success(request, message % {"name": name})
    return redirect("organisations:mine")
