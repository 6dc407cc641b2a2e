from django.contrib import admin

from guild.sourcing.models import Skill


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "synonyms"]
    search_fields = ["name", "synonyms"]
