from django.urls import path

from guild.governance.views import admissions, assemblies, bodies, member, public

app_name = "governance"

urlpatterns = [
    # public
    path("governance/", public.composition, name="composition"),
    path("governance/transparency/", public.transparency, name="transparency"),
    path("governance/assemblies/<int:pk>/results/", public.results, name="results"),
    path("governance/resolutions/<int:pk>/tally/", public.tally, name="tally"),
    path("governance/assemblies/<int:pk>/quorum/", assemblies.quorum_partial, name="quorum"),
    # members
    path("governance/sponsorships/", member.my_sponsorships, name="my_sponsorships"),
    path("governance/sponsorships/<int:pk>/", member.sponsorship_answer, name="sponsorship_answer"),
    path("governance/assemblies/<int:pk>/", member.assembly_member, name="assembly_member"),
    path("governance/resolutions/<int:pk>/vote/", member.ballot, name="ballot"),
    path("governance/declaration/", member.declaration, name="declaration"),
    # back office
    path("manage/governance/policy/", admissions.policy, name="policy"),
    path("manage/governance/policy/new/", admissions.policy_edit, name="policy_edit"),
    path("manage/governance/applications/", admissions.applications, name="applications"),
    path(
        "manage/governance/applications/<int:pk>/",
        admissions.application_detail,
        name="application",
    ),
    path(
        "manage/governance/applications/<int:pk>/decide/",
        admissions.application_decide,
        name="application_decide",
    ),
    path("manage/governance/safeguards/", admissions.safeguards, name="safeguards"),
    path("manage/governance/board-votes/", admissions.board_votes, name="board_votes"),
    path(
        "manage/governance/board-votes/new/", admissions.board_vote_create, name="board_vote_create"
    ),
    path(
        "manage/governance/board-votes/<int:pk>/", admissions.board_vote_detail, name="board_vote"
    ),
    path(
        "manage/governance/board-votes/<int:pk>/close/",
        admissions.board_vote_close,
        name="board_vote_close",
    ),
    path("manage/governance/assemblies/", assemblies.assemblies, name="assemblies"),
    path("manage/governance/assemblies/<int:pk>/", assemblies.assembly, name="assembly"),
    path(
        "manage/governance/assemblies/<int:pk>/attendance/",
        assemblies.attendance,
        name="attendance",
    ),
    path(
        "manage/governance/assemblies/<int:pk>/minutes.pdf",
        assemblies.minutes_download,
        name="minutes",
    ),
    path(
        "governance/assemblies/<int:pk>/minutes/sign/", assemblies.minutes_sign, name="minutes_sign"
    ),
    path("manage/governance/resolutions/<int:pk>/", assemblies.resolution, name="resolution"),
    path("manage/governance/bodies/", bodies.bodies, name="bodies"),
    path("manage/governance/bodies/<int:pk>/", bodies.body, name="body"),
    path("manage/governance/declarations/", bodies.declarations, name="declarations"),
]
