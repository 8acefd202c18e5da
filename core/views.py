from django.shortcuts import redirect, render

from core.http import staff_required


def home(request):
    actor = request.actor
    if actor.is_staff:
        return redirect("staff_dashboard")
    if actor.is_partner:
        return redirect("partner_home")
    if request.user.is_authenticated:
        return render(request, "core/no_access.html", status=403)
    return redirect("recruitment:become_partner")


@staff_required
def staff_dashboard(request):
    from core.dashboard import staff_dashboard_data

    return render(request, "core/staff_dashboard.html", staff_dashboard_data(actor=request.actor))
