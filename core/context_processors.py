def navigation(request):
    actor = getattr(request, "actor", None)
    return {"actor": actor}
