import pytest

from desktop_app.core import jsonio
from desktop_app.printing.render import render_pdf
from tests.conftest import SEED_PATH


@pytest.fixture(scope="session")
def seed_pdf() -> bytes:
    return render_pdf(jsonio.load(SEED_PATH))
