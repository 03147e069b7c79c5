"""printing.deferred: a render loads none of the modules reportlab imports for pictures and its
safe eval, and each still works, as the real module, the moment something asks for it."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from types import ModuleType

from desktop_app.printing import deferred
from tests.conftest import SEED_PATH

# What the real modules bring with them (a stand-in alone brings none of these).
LOADED_BY_REAL = {"PIL.Image": "PIL._imaging", "inspect": "dis", "pickle": "_pickle", "tempfile": "random"}


def _run(code: str) -> dict:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_render_in_a_fresh_process_loads_none_of_them(tmp_path):
    got = _run(f"""
import json, sys
from desktop_app.core import jsonio
from desktop_app.printing.render import render_pdf
pdf = render_pdf(jsonio.load({str(SEED_PATH)!r}))
print(json.dumps({{"pdf": pdf.startswith(b"%PDF"),
                  "stand_ins": [n for n in {list(deferred.DEFERRED)!r} if type(sys.modules.get(n)).__name__ == "Deferred"],
                  "loaded": [m for m in {sorted(LOADED_BY_REAL.values())!r} if m in sys.modules]}}))
""")
    assert got == {"pdf": True, "stand_ins": list(deferred.DEFERRED), "loaded": []}


def test_the_real_module_loads_on_first_use():
    got = _run("""
import json, sys
import desktop_app.printing.render
from reportlab.lib import utils  # holds ``Image``, bound at its import
before = type(sys.modules["PIL.Image"]).__name__
image = utils.Image.new("RGB", (2, 1))
import PIL.Image
print(json.dumps({"before": before, "after": type(sys.modules["PIL.Image"]).__name__,
                  "real": PIL.Image.Image is utils.Image.Image, "is_image": utils._isPILImage(image),
                  "size": list(image.size), "imaging": "PIL._imaging" in sys.modules}))
""")
    assert got == {"before": "Deferred", "after": "module", "real": True, "is_image": True, "size": [2, 1],
                   "imaging": True}


def test_a_module_imported_before_is_left_as_it_is():
    import inspect

    deferred.defer_unused()
    assert sys.modules["inspect"] is inspect
    assert not isinstance(sys.modules["inspect"], deferred.Deferred)


def test_threads_asking_at_once_get_one_real_module(monkeypatch):
    name = "colorsys"  # a small module this test can unload and stand in for
    monkeypatch.delitem(sys.modules, name, raising=False)
    stand_in = deferred.Deferred(name)
    monkeypatch.setitem(sys.modules, name, stand_in)
    seen: list[ModuleType] = []
    start = threading.Barrier(8)

    def ask():
        start.wait()
        assert stand_in.rgb_to_hsv(1.0, 0.0, 0.0) == (0.0, 1.0, 1.0)
        seen.append(stand_in.loaded())

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 8 and len({id(m) for m in seen}) == 1
    assert sys.modules[name] is seen[0] and not isinstance(seen[0], deferred.Deferred)


def test_a_deferred_submodule_is_found_in_its_package_as_import_does():
    """``import PIL.Image`` then ``PIL.Image.x`` (pypdfium2's to_pil, in the print preview) works
    after a render put the stand-in there, before and after the real module is loaded."""
    got = _run("""
import json, sys
import desktop_app.printing.render
import PIL.Image
before = type(PIL.Image).__name__
image = PIL.Image.new("RGB", (2, 1))
print(json.dumps({"before": before, "size": list(image.size), "after": type(PIL.Image).__name__}))
""")
    assert got == {"before": "Deferred", "size": [2, 1], "after": "module"}
