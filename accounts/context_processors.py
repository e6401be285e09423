from .preferences import preferences


def learner_preferences(request):
    """`gloss_preference`: "north", "south" or "both" (visitors: "both")."""
    return {"gloss_preference": preferences(request)["gloss"]}
