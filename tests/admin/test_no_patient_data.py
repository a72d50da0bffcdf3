"""Administrators see no patient data: no patient's name on any admin page."""

from sqlalchemy import select

from app.models import Patient, StaffMember, User

from .conftest import staff_data


def test_admin_pages_never_show_a_patient(admin_client, world, make_patient, query):
    other = make_patient(world.other_clinic, name="Ebba Grön-Patientsson")
    staff_member_id = query(lambda s: s.get(User, world.staff.id).staff_member.id)
    # The staff member is the patient's vårdlots: still nothing about the patient on their page.
    query(lambda s: (setattr(s.get(Patient, world.patient.id), "vardlots_id", staff_member_id), s.commit()))
    staff_id = query(lambda s: s.get(StaffMember, staff_member_id).public_id)
    pages = [
        admin_client.get(url)
        for url in (
            "/admin/",
            "/admin/vardcentraler",
            "/admin/vardcentraler/ny",
            f"/admin/vardcentraler/{world.clinic.public_id}",
            f"/admin/vardcentraler/{world.other_clinic.public_id}",
            "/admin/personal",
            f"/admin/personal?vardcentral={world.clinic.public_id}",
            "/admin/personal/ny",
            f"/admin/personal/{staff_id}",
        )
    ]
    pages.append(admin_client.post_form("/admin/personal/ny", staff_data(world.clinic)))
    pages.append(
        admin_client.post_form(
            f"/admin/personal/{staff_id}",
            {"name": "", "clinic": world.other_clinic.public_id, "profession": "vardlots"},
        )
    )
    names = {
        world.patient.name,
        world.patient.name.split()[0],
        other.name,
        world.patient.personnummer,
        world.patient.personnummer[:8],
        world.patient_user.email,
        world.god_man.name,
    }
    for page in pages:
        assert page.status_code == 200, page.request.path
        html = page.get_data(as_text=True)
        for name in names:
            assert name not in html, (page.request.path, name)
    assert (
        query(lambda s: s.scalar(select(Patient.vardlots_id).where(Patient.id == world.patient.id)))
        == staff_member_id
    )
