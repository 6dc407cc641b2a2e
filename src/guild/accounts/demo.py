"""Demo accounts: one per association role, plus a plain member."""

from django.utils.translation import gettext_lazy as _

from guild.accounts.models import Role, RoleGrant, User
from guild.accounts.services import role_grant

DEMO_USERS = [
    ("admin@demo.guild.fr", "Camille", "Roussel", Role.ADMINISTRATOR),
    ("staff@demo.guild.fr", "Nadia", "Benali", Role.STAFF),
    ("president@demo.guild.fr", "Hélène", "Marchand", Role.BOARD),
    ("tresorier@demo.guild.fr", "Julien", "Faure", Role.TREASURER),
    ("secretaire@demo.guild.fr", "Sophie", "Lemaire", Role.SECRETARY),
    ("accueil@demo.guild.fr", "Lucas", "Perrin", Role.CHECKIN),
    ("coworking@demo.guild.fr", "Inès", "Garnier", Role.SPACE_MANAGER),
    ("membre@demo.guild.fr", "Thomas", "Girard", None),
]


def seed(ctx) -> None:
    users = ctx.shared.setdefault("users", {})
    for email, first, last, role in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=ctx.password,
                first_name=first,
                last_name=last,
            )
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
        if role and not RoleGrant.objects.filter(user=user, role=role).exists():
            role_grant(actor=None, user=user, role=role)
        users[str(role or "member")] = user
        ctx.add_login(Role(role).label if role else _("Member"), email)
