import httpx
from fastapi import FastAPI
from pydantic import BaseModel, Field
from sikerja_problems import PROBLEM_CONTENT_TYPE, Problem, install_problem_handlers


class Body(BaseModel):
    name: str = Field(min_length=1)
    count: int


def _client() -> httpx.AsyncClient:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/things")
    async def create(body: Body) -> dict:
        if body.name == "taken":
            raise Problem(409, "conflict", "Sudah terdaftar", "nama sudah dipakai", existing="t-1")
        return {"ok": True}

    @app.get("/boom")
    async def boom() -> dict:
        raise RuntimeError("secret internals")

    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://t")


async def test_validation_errors_name_each_field():
    async with _client() as client:
        response = await client.post("/things", json={"name": "", "count": "many"})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert body["type"].endswith("/validation-error") and body["status"] == 422
    assert {e["field"] for e in body["errors"]} == {"body.name", "body.count"}
    assert all(e["reason"] for e in body["errors"])


async def test_raised_problem_keeps_its_extensions():
    async with _client() as client:
        response = await client.post("/things", json={"name": "taken", "count": 1})
    assert response.status_code == 409
    assert response.json() == {
        "type": "https://sikerja.id/problems/conflict",
        "title": "Sudah terdaftar",
        "status": 409,
        "detail": "nama sudah dipakai",
        "instance": "/things",
        "existing": "t-1",
    }


async def test_unknown_route_and_unexpected_errors_are_problems_without_internals():
    async with _client() as client:
        missing = await client.get("/nope")
        broken = await client.get("/boom")
    assert missing.status_code == 404 and missing.headers["content-type"] == PROBLEM_CONTENT_TYPE
    assert broken.status_code == 500 and broken.headers["content-type"] == PROBLEM_CONTENT_TYPE
    assert "secret internals" not in broken.text
