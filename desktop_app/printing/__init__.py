"""The printed copy: a pure function from a ``Form`` to PDF bytes (``render.render_pdf``).

Qt-free. reportlab is imported only by the modules that draw; ``core.fontcoverage`` (which characters the
bundled font can print) stays light so the checks can use it on every keystroke. Whatever of this
package is imported first enters ``deferred``'s stand-ins, before any of its modules imports reportlab.
"""

from .deferred import defer_unused

defer_unused()
