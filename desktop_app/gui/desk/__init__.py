"""The reviewer's desk in the window: review comments and the verdict as undoable edits of the
open form (``edits``), the comments panel with the overall 审核意见 (``panel``), markers beside
commented fields (``markers``), 审核 mode and its context menu (``hooks``), the review of a
folder of drafts (``folder``), the comparison with another draft (``compare``) and next year's
draft. ``hooks.install`` wires all of it into a main window with one call."""
