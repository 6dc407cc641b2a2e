"""Navigation registries: apps add their menu entries in ``AppConfig.ready()``.

``register_public(label, url_name, order)`` adds an entry to the public header;
``register_manage(section, label, url_name, permission, order)`` adds one to the back office,
shown only to users who hold ``permission`` (a django-rules permission name).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    order: int = 100
    permission: str | None = None
    section: str = ""
    icon: str = ""

    @property
    def url(self) -> str:
        try:
            return reverse(self.url_name)
        except NoReverseMatch:
            return ""


_public: list[NavEntry] = []
_manage: list[NavEntry] = []


def register_public(label, url_name: str, order: int = 100, permission: str | None = None):
    if any(entry.url_name == url_name for entry in _public):
        return
    _public.append(NavEntry(label=label, url_name=url_name, order=order, permission=permission))


def register_manage(section, label, url_name: str, permission: str, order: int = 100):
    if any(entry.url_name == url_name for entry in _manage):
        return
    _manage.append(
        NavEntry(
            label=label, url_name=url_name, order=order, permission=permission, section=section
        )
    )


def _visible(entries: list[NavEntry], user) -> list[NavEntry]:
    visible = []
    for entry in sorted(entries, key=lambda e: (e.order, str(e.label))):
        if entry.permission and not user.has_perm(entry.permission):
            continue
        if entry.url:
            visible.append(entry)
    return visible


def public_entries(user) -> list[NavEntry]:
    return _visible(_public, user)


def manage_sections(user) -> list[tuple[str, list[NavEntry]]]:
    sections: dict[str, list[NavEntry]] = {}
    for entry in _visible(_manage, user):
        sections.setdefault(str(entry.section), []).append(entry)
    return list(sections.items())


_home_blocks: list[tuple[int, str, object]] = []


def register_home_block(template: str, context_fn=None, order: int = 100) -> None:
    """Add a block to the public home page: ``template`` rendered with ``context_fn(request)``."""
    if any(block[1] == template for block in _home_blocks):
        return
    _home_blocks.append((order, template, context_fn))


def home_blocks(request) -> list[tuple[str, dict]]:
    blocks = []
    for _order, template, context_fn in sorted(_home_blocks, key=lambda b: (b[0], b[1])):
        blocks.append((template, context_fn(request) if context_fn else {}))
    return blocks
