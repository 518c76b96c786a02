from __future__ import annotations


def test_create_and_read_case(operator) -> None:
    case = operator.create_case()
    assert case["tracking_number"].startswith("SOF-2026-")
    assert case["owner_unit_code"] == "CGM"
    detail = operator.get(f"/cases/{case['id']}").json()
    assert [e["type"] for e in detail["timeline"]] == ["case.created"]
