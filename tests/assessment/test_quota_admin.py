"""The admin shows quota policies and snapshots but never changes them."""


def test_admin_lists_policies_and_reports_read_only(client, admin_user, city_report):
    client.force_login(admin_user)
    policies = client.get("/admin/assessment/quotapolicy/")
    reports = client.get("/admin/assessment/quotareport/")
    detail = client.get(f"/admin/assessment/quotareport/{city_report.pk}/change/")

    assert policies.status_code == reports.status_code == detail.status_code == 200
    assert "北京培育发展社区社会组织专项行动目标" in policies.content.decode()
    assert client.get("/admin/assessment/quotapolicy/add/").status_code == 403
