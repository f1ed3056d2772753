from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from voters import services
from voters.models import PetitionStatus

pytestmark = pytest.mark.django_db

MODELS = [
    "petitionfield",
    "votercontactround",
    "votermeeting",
    "opinion",
    "petition",
    "mergeproposal",
    "receptionday",
    "receptionvisit",
    "letter",
    "denounceridentity",
    "identityaccesslog",
]


@pytest.mark.parametrize("model", MODELS)
def test_every_admin_changelist_opens_and_searches(login, superuser, routed_petition, model):
    client = login(superuser)
    assert client.get(reverse(f"admin:voters_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:voters_{model}_changelist"), {"q": "dat"}).status_code == 200


def test_staff_without_admin_rights_are_sent_to_the_admin_login(login, staff_a):
    response = login(staff_a).get(reverse("admin:voters_letter_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url


def test_the_sweep_command_reopens_overdue_promises(routed_petition, today):
    services.petition_answer(
        petition=routed_petition,
        category="in_progress",
        answer_text="Đang làm",
        roadmap="Quý 3",
        answered_on=today - timedelta(days=3),
        new_deadline=today - timedelta(days=1),
    )
    out = StringIO()
    call_command("reopen_overdue_petitions", stdout=out)
    routed_petition.refresh_from_db()
    assert routed_petition.status == PetitionStatus.REOPENED
    assert "Đã mở lại 1 kiến nghị" in out.getvalue()


def test_the_task_calls_the_sweep(routed_petition, today):
    from voters.tasks import reopen_overdue_petitions

    services.petition_answer(
        petition=routed_petition,
        category="in_progress",
        answer_text="Đang làm",
        roadmap="Quý 3",
        answered_on=today - timedelta(days=3),
        new_deadline=today - timedelta(days=1),
    )
    assert reopen_overdue_petitions.delay().get() == 1
    routed_petition.refresh_from_db()
    assert routed_petition.status == PetitionStatus.REOPENED
