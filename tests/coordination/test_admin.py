import pytest
from django.contrib import admin
from django.urls import reverse

from coordination.models import FollowUp

pytestmark = pytest.mark.django_db


def test_every_model_of_our_apps_is_registered_in_the_admin():
    from django.apps import apps

    ours = [
        m
        for m in apps.get_models()
        if m._meta.app_label in {"coordination", "regulations", "council_sessions", "voters", "plans"}
    ]
    skipped = {"historical", "objectpermission", "userobjectpermission", "groupobjectpermission"}
    missing = [
        m._meta.label for m in ours
        if not admin.site.is_registered(m) and not any(s in m.__name__.lower() for s in skipped)
    ]
    assert missing == []


def test_every_changelist_opens_for_a_superuser(client, superuser, province):
    client.force_login(superuser)
    for model in admin.site._registry:
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


def test_staff_of_a_body_who_is_not_admin_staff_cannot_open_the_admin(client, staff_a):
    client.force_login(staff_a)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "/admin/login/" in response.url


def test_follow_ups_cannot_be_added_by_hand(client, superuser):
    client.force_login(superuser)
    assert client.get(reverse("admin:coordination_followup_add")).status_code == 403
    assert FollowUp.objects.count() == 0


def test_the_history_pages_of_the_admin_speak_vietnamese(client, superuser, province):
    client.force_login(superuser)
    html = client.get(reverse("admin:coordination_body_history", args=[province.agency.pk])).content.decode()
    assert "Lịch sử thay đổi" in html
    assert "Change history" not in html
