"""Demo data: five commissions of a regional digital association, their missions, about
thirty actions across the three horizons and every status, and meetings with minutes."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from guild.commissions import services
from guild.commissions.models import Action, Attendance, Commission, Membership

S = Action.Status

# (name, public?, open joining?, chair role, co-chair role, description, missions)
# mission: (title, objectives, [(title, start offset days, target offset days, status,
#            progress, planned budget)])
COMMISSIONS = [
    (
        "Salon du numérique",
        True,
        False,
        "board",
        "staff",
        "Organise le salon professionnel du numérique de la région : exposants, programme, "
        "visiteurs et partenaires.",
        [
            (
                "Lancer la première édition du salon",
                "Réunir 60 exposants\nAccueillir 1 500 visiteurs professionnels\n"
                "Équilibrer le budget",
                [
                    (
                        "Choisir le lieu et signer la convention",
                        -120,
                        30,
                        S.IN_PROGRESS,
                        70,
                        "2500",
                    ),
                    ("Constituer le comité de programme", -60, 60, S.PLANNED, 0, "0"),
                    ("Lancer l'appel à exposants", -30, 120, S.IN_PROGRESS, 35, "1500"),
                    ("Trouver trois partenaires principaux", 0, 300, S.PLANNED, 10, "0"),
                    ("Billetterie et badges", 30, 330, S.IDEA, 0, "800"),
                    ("Bilan de la première édition", 300, 420, S.IDEA, 0, "0"),
                ],
            ),
            (
                "Faire du salon un rendez-vous grand régional",
                "Une édition chaque année\nDes visiteurs de toute la région",
                [
                    ("Tournée de présentation dans les départements", 0, 500, S.PLANNED, 0, "3000"),
                    ("Salon itinérant dans trois villes", 0, 900, S.IDEA, 0, "25000"),
                    ("Campagne d'affichage régionale", -200, -20, S.ABANDONED, 0, "6000"),
                ],
            ),
        ],
    ),
    (
        "Formation et compétences",
        True,
        True,
        "secretary",
        None,
        "Développe les compétences numériques des professionnels et des demandeurs d'emploi "
        "de la région.",
        [
            (
                "Cartographier les besoins en compétences",
                "Enquête auprès de 200 entreprises\nPublier une cartographie annuelle",
                [
                    ("Questionnaire en ligne aux adhérents", -150, -30, S.DONE, 100, "0"),
                    ("Analyse des résultats de l'enquête", -30, 45, S.IN_PROGRESS, 50, "1200"),
                    ("Publication de la cartographie", 45, 200, S.PLANNED, 0, "900"),
                ],
            ),
            (
                "Monter des parcours de formation courts",
                "Quatre parcours certifiants\nDes formateurs issus des adhérents",
                [
                    ("Parcours « cybersécurité pour TPE »", -90, 90, S.IN_PROGRESS, 40, "4000"),
                    ("Partenariat avec l'université", 0, 400, S.PLANNED, 5, "0"),
                    ("Label qualité des formations adhérentes", 0, 700, S.IDEA, 0, "2000"),
                ],
            ),
        ],
    ),
    (
        "Commande publique et institutions",
        False,
        False,
        "board",
        "treasurer",
        "Porte la voix de la filière numérique auprès des collectivités et facilite l'accès "
        "des entreprises locales à la commande publique.",
        [
            (
                "Faire reconnaître la filière numérique",
                "Un volet numérique dans le schéma régional\n"
                "Des rencontres régulières avec les élus",
                [
                    (
                        "Note de positionnement pour le conseil régional",
                        -100,
                        -10,
                        S.DONE,
                        100,
                        "0",
                    ),
                    (
                        "Rencontre avec la commission économique régionale",
                        -20,
                        40,
                        S.IN_PROGRESS,
                        60,
                        "0",
                    ),
                    ("Baromètre annuel de la filière", 0, 240, S.PLANNED, 15, "3500"),
                    ("Observatoire régional du numérique", 0, 800, S.IDEA, 0, "15000"),
                ],
            ),
            (
                "Ouvrir la commande publique aux entreprises locales",
                "Veille des appels d'offres\nAteliers de réponse en groupement",
                [
                    ("Veille mutualisée des marchés publics", -60, 120, S.IN_PROGRESS, 30, "600"),
                    ("Atelier « répondre en groupement »", 10, 100, S.PLANNED, 0, "400"),
                ],
            ),
        ],
    ),
    (
        "Coworking et communauté",
        True,
        True,
        "member",
        None,
        "Prépare l'ouverture d'un espace de coworking qui sera aussi un lieu de sourcing pour "
        "les professionnels adhérents.",
        [
            (
                "Ouvrir l'espace de coworking",
                "Trouver un local central\nAtteindre 30 coworkers réguliers",
                [
                    ("Étude des locaux disponibles", -80, 20, S.IN_PROGRESS, 80, "0"),
                    ("Plan de financement de l'espace", -10, 150, S.PLANNED, 20, "0"),
                    ("Ouverture de l'espace", 100, 560, S.IDEA, 0, "40000"),
                ],
            ),
            (
                "Animer la communauté",
                "Un afterwork par mois\nUn annuaire des compétences",
                [
                    ("Afterworks mensuels", -200, -5, S.DONE, 100, "1800"),
                    ("Annuaire des compétences des adhérents", -30, 150, S.IN_PROGRESS, 25, "0"),
                ],
            ),
        ],
    ),
    (
        "Transformation numérique des entreprises locales",
        False,
        False,
        "staff",
        "member",
        "Accompagne les commerçants, artisans et PME de la région dans leur transformation "
        "numérique.",
        [
            (
                "Sensibiliser les entreprises locales",
                "Vingt ateliers par an\nUn guide pratique",
                [
                    ("Ateliers découverte avec la CCI", -120, 60, S.IN_PROGRESS, 55, "2000"),
                    ("Guide pratique de la transformation numérique", 0, 260, S.PLANNED, 0, "3000"),
                    ("Diagnostics numériques gratuits", -300, -60, S.DONE, 100, "5000"),
                ],
            ),
            (
                "Mettre en relation entreprises et prestataires",
                "Un besoin, trois réponses d'adhérents",
                [
                    ("Bourse aux besoins en ligne", 0, 420, S.IDEA, 0, "0"),
                    ("Chèque numérique régional", 0, 700, S.IDEA, 0, "0"),
                ],
            ),
        ],
    ),
]


def _transition_to(actor, action, status, reason=""):
    paths = {
        S.IDEA: [],
        S.PLANNED: [S.PLANNED],
        S.IN_PROGRESS: [S.IN_PROGRESS],
        S.DONE: [S.IN_PROGRESS, S.DONE],
        S.ABANDONED: [S.ABANDONED],
    }
    for step in paths[status]:
        if action.status != step:
            action = services.action_transition(
                actor=actor, action=action, status=step, reason=reason
            )
    return action


def seed(ctx) -> None:
    users = ctx.shared.get("users", {})
    staff = users.get("staff") or users.get("administrator")
    if staff is None:
        ctx.log("commissions: no demo users, skipped")
        return
    if Commission.objects.filter(name=COMMISSIONS[0][0]).exists():
        ctx.log("commissions: already there")
        return
    today = timezone.localdate()
    everyone = [u for u in users.values() if u is not None]
    for name, public, open_join, chair_role, co_role, description, missions in COMMISSIONS:
        chair = users.get(chair_role) or staff
        commission = services.commission_create(
            actor=staff,
            name=name,
            description=description,
            visibility=Commission.Visibility.PUBLIC if public else Commission.Visibility.MEMBERS,
            join_policy=Commission.JoinPolicy.OPEN if open_join else Commission.JoinPolicy.APPROVAL,
            chairs=[chair],
        )
        if co_role and users.get(co_role) and users[co_role] != chair:
            services.membership_add(
                actor=staff,
                commission=commission,
                user=users[co_role],
                role=Membership.Role.CO_CHAIR,
            )
        for person in everyone[:5]:
            if not Membership.objects.filter(commission=commission, user=person).exists():
                services.membership_add(actor=staff, commission=commission, user=person)
        members = [m.user for m in commission.memberships.select_related("user")]
        first_mission = None
        for index, (title, objectives, actions) in enumerate(missions):
            mission = services.mission_save(
                actor=staff, commission=commission, title=title, objectives=objectives
            )
            first_mission = first_mission or mission
            for n, (a_title, start, target, status, progress, budget) in enumerate(actions):
                action = services.action_create(
                    actor=staff,
                    mission=mission,
                    title=a_title,
                    description=f"{a_title}. Action de la mission « {title} ».",
                    owners=[members[(index + n) % len(members)]],
                    start_date=today + timedelta(days=start),
                    target_date=today + timedelta(days=target),
                    planned_budget=Decimal(budget),
                    spent_budget=(Decimal(budget) * progress / 100).quantize(Decimal("0.01")),
                )
                action = _transition_to(
                    staff,
                    action,
                    status,
                    reason="Budget reporté sur le salon itinérant."
                    if status == S.ABANDONED
                    else "",
                )
                if progress and status != S.DONE:
                    services.action_set_progress(actor=staff, action=action, progress=progress)
                if n == 0:
                    services.milestone_add(
                        actor=staff,
                        action=action,
                        title="Cadrage validé",
                        due_date=today + timedelta(days=start + 15),
                    )
                    services.indicator_save(
                        actor=staff,
                        action=action,
                        name="Personnes touchées",
                        target_value=100,
                        current_value=progress,
                        unit="personnes",
                    )
        _meetings(ctx, staff, commission, first_mission, members, today)
    ctx.log("commissions: 5 commissions, missions, actions and meetings created")


def _meetings(ctx, staff, commission, mission, members, today):
    tz = timezone.get_current_timezone()
    past_start = datetime.combine(today - timedelta(days=40), time(18, 0), tzinfo=tz)
    past = services.meeting_save(
        actor=staff,
        commission=commission,
        title="Réunion de lancement",
        starts_at=past_start,
        ends_at=past_start + timedelta(hours=2),
        location="Maison des associations, salle 2",
        agenda="Tour de table\nMissions de la commission\nPremières actions",
    )
    services.attendance_record(
        actor=staff,
        meeting=past,
        statuses={
            u.pk: (Attendance.Status.PRESENT if i % 4 else Attendance.Status.EXCUSED)
            for i, u in enumerate(members)
        },
    )
    services.minutes_save(
        actor=staff,
        meeting=past,
        publish=True,
        minutes="La commission a validé ses missions et retenu ses premières actions.",
        decisions="Adopter les missions de la commission\nDésigner un référent par action",
    )
    services.action_create_from_minutes(
        actor=staff,
        meeting=past,
        mission=mission,
        title="Compte rendu trimestriel au conseil d'administration",
        owners=members[:1],
        start_date=today,
        target_date=today + timedelta(days=90),
        status=S.PLANNED,
    )
    next_start = datetime.combine(today + timedelta(days=21), time(12, 30), tzinfo=tz)
    services.meeting_save(
        actor=staff,
        commission=commission,
        title="Point d'étape",
        starts_at=next_start,
        ends_at=next_start + timedelta(minutes=90),
        video_url="https://visio.numerique-en-region.fr/commission",
        agenda="Avancement des actions\nBudget\nQuestions diverses",
    )
