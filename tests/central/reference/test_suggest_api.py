"""GET /categories/suggest: the shape, the limits, and a cache that follows reference-data changes."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa


def test_suggestions_over_http(operator: Any) -> None:
    response = operator.get("/categories/suggest", text="паркирал на тротоара", limit=2)
    assert response.status_code == 200
    found = response.json()
    assert len(found) == 2
    assert found[0] == {
        "code": 5,
        "name_bg": "Паркиране",
        "name_en": "Parking",
        "score": 100.0,
        "matched": "паркирал",
    }
    assert found[1]["code"] == 3
    assert operator.get("/categories/suggest", text="").json() == []


def test_bad_requests(operator: Any, client: Any) -> None:
    assert operator.get("/categories/suggest").status_code == 422  # no text
    assert operator.get("/categories/suggest", text="дупка", limit=0).status_code == 422
    assert operator.get("/categories/suggest", text="x" * 5001).status_code == 422
    assert client.get("/api/v1/categories/suggest", params={"text": "дупка"}).status_code == 401


def test_a_new_synonym_counts_once_the_reference_data_changes(operator: Any, database_url: str) -> None:
    from central.db import make_engine, make_sessionmaker, session_scope
    from central.reference.models import Category
    from central.reference.service import bump_reference_version

    assert operator.get("/categories/suggest", text="графити").json() == []
    engine = make_engine(database_url)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            category = session.scalar(sa.select(Category).where(Category.id == 1))
            assert category is not None
            category.synonyms = [*category.synonyms, "графити"]
            bump_reference_version(session)
    finally:
        engine.dispose()
    found = operator.get("/categories/suggest", text="графитите по фасадата").json()
    assert found and found[0]["code"] == 1 and found[0]["matched"] == "графити"
