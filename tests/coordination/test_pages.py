from io import BytesIO

import pytest
from django.core import mail
from django.urls import reverse
from openpyxl import load_workbook

from tests.exports import export_xlsx
from tests.factories import BodyFactory, CommuneFactory, FollowUpFactory
from tests.url_coverage import covers

pytestmark = pytest.mark.django_db


@covers("home")
class TestHome:
    def test_it_sends_anonymous_visitors_to_login(self, client):
        response = client.get(reverse("home"))
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))

    def test_it_shows_the_users_bodies_and_what_they_owe(self, login, staff_a, province):
        FollowUpFactory(lead_body=province.standing, title="Gửi báo cáo thẩm tra")
        FollowUpFactory(lead_body=province.committee, title="Việc của UBND")
        response = login(staff_a).get(reverse("home"))
        html = response.content.decode()
        assert response.status_code == 200
        assert province.standing.name in html
        assert "Gửi báo cáo thẩm tra" in html
        assert "Việc của UBND" not in html

    @pytest.mark.parametrize("count", [1, 50])
    def test_it_runs_a_constant_number_of_queries(
        self, login, staff_a, province, person_of, count, django_assert_max_num_queries
    ):
        # Owed by the user's body and by the user in person: both lists on the page.
        FollowUpFactory.create_batch(count, lead_body=province.standing, responsible=person_of(staff_a))
        FollowUpFactory.create_batch(count, lead_body=province.committee, responsible=person_of(staff_a))
        client = login(staff_a)
        with django_assert_max_num_queries(8):
            html = client.get(reverse("home")).content.decode()
        # Owed by the body: the Standing Committee's; mine: both bodies'; each list shows at most 15.
        assert html.count("Việc cần làm số") == (1 + 2 if count == 1 else 15 + 15)

    def test_it_tells_a_user_without_a_body_what_to_do(self, login, db):
        from tests.factories import UserFactory

        response = login(UserFactory()).get(reverse("home"))
        assert "chưa thuộc cơ quan nào" in response.content.decode()


@covers("bodies")
class TestBodyList:
    def test_it_lists_only_bodies_of_the_users_units(self, login, staff_a, province, other_province):
        html = login(staff_a).get(reverse("bodies")).content.decode()
        assert province.committee.name in html
        assert other_province.committee.name not in html

    def test_it_requires_login(self, client):
        assert client.get(reverse("bodies")).status_code == 302

    def test_it_searches_without_diacritics(self, login, staff_a, province):
        html = login(staff_a).get(reverse("bodies"), {"q": "so nong nghiep"}).content.decode()
        assert province.agency.name in html
        assert province.front.name not in html
        assert "1 kết quả" in html

    def test_it_exports_the_filtered_list_to_excel(self, login, staff_a, province):
        response = export_xlsx(login(staff_a), reverse("bodies"), {"kind": "agency"})
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
        rows = list(load_workbook(BytesIO(response.content)).active.values)
        assert rows[0][0] == "Tên cơ quan"
        assert sorted(r[0] for r in rows[1:]) == sorted([province.agency.name, province.other_agency.name])

    def test_it_has_a_print_view(self, login, staff_a, province):
        html = login(staff_a).get(reverse("bodies"), {"format": "print"}).content.decode()
        assert "In trang này" in html
        assert province.standing.name in html

    def test_a_bad_filter_value_is_reported_not_a_500(self, login, staff_a):
        response = login(staff_a).get(reverse("bodies"), {"kind": "không-có"})
        assert response.status_code == 200
        assert "errorlist" in response.content.decode()

    @pytest.mark.parametrize("extra", [0, 49])
    def test_it_runs_a_constant_number_of_queries(
        self, login, staff_a, province, extra, django_assert_max_num_queries
    ):
        BodyFactory.create_batch(extra, unit=province.unit)
        client = login(staff_a)
        with django_assert_max_num_queries(10):
            assert client.get(reverse("bodies")).status_code == 200


@covers("body_detail")
class TestBodyDetail:
    def test_a_member_of_the_unit_sees_a_body(self, login, viewer, province):
        response = login(viewer).get(reverse("body_detail", args=[province.agency.pk]))
        assert response.status_code == 200
        assert province.agency.name in response.content.decode()

    def test_an_outsider_gets_404(self, login, outsider, province):
        assert login(outsider).get(reverse("body_detail", args=[province.agency.pk])).status_code == 404

    def test_the_404_page_is_vietnamese(self, login, outsider, province):
        html = login(outsider).get(reverse("body_detail", args=[province.agency.pk])).content.decode()
        assert "Không tìm thấy trang" in html


@covers("units")
class TestUnitList:
    def test_every_signed_in_user_reads_the_reference_list(self, login, outsider, province):
        html = login(outsider).get(reverse("units"), {"q": "hoa phong"}).content.decode()
        assert province.unit.name in html

    def test_anonymous_is_sent_to_login(self, client):
        assert client.get(reverse("units")).status_code == 302

    @pytest.mark.parametrize("count", [1, 50])
    def test_it_runs_a_constant_number_of_queries(
        self, login, staff_a, province, count, django_assert_max_num_queries
    ):
        CommuneFactory.create_batch(count, parent=province.unit)
        client = login(staff_a)
        for params in ({}, {"format": "print"}):  # the page, and the print view with every row
            with django_assert_max_num_queries(8):
                html = client.get(reverse("units"), params).content.decode()
            assert html.count(province.unit.name) >= min(count, 2)


@covers("login", "logout")
class TestLogin:
    def test_a_wrong_password_shows_a_clear_message(self, client, staff_a):
        response = client.post(reverse("login"), {"username": "staff_a", "password": "sai"})
        assert response.status_code == 200
        assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()

    def test_repeated_failures_lock_the_account(self, client, staff_a):
        from tests.factories import PASSWORD

        for _ in range(5):
            client.post(reverse("login"), {"username": "staff_a", "password": "sai"})
        response = client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})
        assert response.status_code == 429
        assert "tạm thời bị khóa" in response.content.decode()
        assert "_auth_user_id" not in client.session

    def test_the_right_password_signs_in_and_logout_signs_out(self, client, staff_a):
        from tests.factories import PASSWORD

        response = client.post(reverse("login"), {"username": "staff_a", "password": PASSWORD})
        assert response.status_code == 302
        assert client.get(reverse("home")).status_code == 200
        client.post(reverse("logout"))
        assert client.get(reverse("home")).status_code == 302


@covers("password_change", "password_change_done")
def test_password_change_needs_login_and_works(client, login, staff_a):
    from tests.factories import PASSWORD

    assert client.get(reverse("password_change")).status_code == 302
    response = login(staff_a).post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-moi-2026!",
            "new_password2": "Mat-khau-moi-2026!",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("password_change_done")).status_code == 200
    staff_a.refresh_from_db()
    assert staff_a.check_password("Mat-khau-moi-2026!")


@covers("password_reset", "password_reset_done", "password_reset_confirm", "password_reset_complete")
def test_password_reset_by_email_is_open_to_anonymous_and_sends_vietnamese_mail(client, staff_a):
    response = client.post(reverse("password_reset"), {"email": staff_a.email})
    assert response.status_code == 302
    assert client.get(reverse("password_reset_done")).status_code == 200
    assert len(mail.outbox) == 1
    assert "Đặt lại mật khẩu" in mail.outbox[0].subject
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"},
    )
    assert done.status_code == 302
    assert client.get(reverse("password_reset_complete")).status_code == 200
    staff_a.refresh_from_db()
    assert staff_a.check_password("Mat-khau-moi-2026!")


@covers("set_language")
def test_the_language_switch_changes_the_interface_to_english(client, login, staff_a):
    client = login(staff_a)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get(reverse("home")).content.decode()
    assert "Sign out" in html
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert "Đăng xuất" in client.get(reverse("home")).content.decode()


def test_the_500_page_is_a_vietnamese_page():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Hệ thống gặp sự cố" in html
    assert "Traceback" not in html


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(login, staff_a):
    client = login(staff_a)
    html = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Đăng xuất" in html
    assert '<html lang="vi">' in html


def test_the_favicon_redirects_to_the_logo(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response.url.endswith("img/logo.svg")


def test_the_403_page_is_a_vietnamese_page(login, viewer):
    response = login(viewer).get(reverse("regulations:import"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Không có quyền truy cập" in html
    assert "Về trang chủ" in html
