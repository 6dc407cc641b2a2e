"""Thin tasks: they take ids and call services; safe to run twice."""

from __future__ import annotations

from django.tasks import task

from guild.outreach.campaigns import campaign_run


@task()
def campaign_send_task(campaign_id: int) -> str:
    return campaign_run(campaign_id)
