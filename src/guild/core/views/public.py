from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from guild.core import navigation
from guild.core.identity import get_identity


@require_GET
def home(request):
    return render(request, "core/home.html", {"blocks": navigation.home_blocks(request)})


@require_GET
def legal(request):
    return render(request, "core/legal.html")


@require_GET
@cache_control(max_age=300)
def brand_css(request):
    colour = get_identity().brand_colour or "#1d4ed8"
    css = (
        ":root{--guild-brand:%s;--bs-primary:%s;--bs-link-color:%s;}"
        ".btn-primary{--bs-btn-bg:%s;--bs-btn-border-color:%s;"
        "--bs-btn-hover-bg:color-mix(in srgb,%s 85%%,black);"
        "--bs-btn-hover-border-color:color-mix(in srgb,%s 85%%,black);"
        "--bs-btn-active-bg:color-mix(in srgb,%s 75%%,black);}"
    ) % ((colour,) * 8)
    return HttpResponse(css, content_type="text/css")
