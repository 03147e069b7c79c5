"""The spreadsheet grid: how every row table of every form is edited (``panel.GridPanel``).

One behaviour (``view``) over a flat table or an indicator tree, with the project's own cell
editors (``delegate``), keys (``keys``), edits of the form as undo steps (``edits``), the long
texts of the current row below the table (``detail``), and what a cell shows and parses by its
declared kind (``cells``). ``clipboard`` and ``paste`` — Excel's tab-separated text, and fitting a
pasted block to the columns — are Qt-free.
"""
