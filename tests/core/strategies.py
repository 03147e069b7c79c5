"""Hypothesis strategies for whole forms, shared by the round-trip tests."""

from decimal import Decimal

from hypothesis import strategies as st

from tests import department as labels
from tests.department import Budget, Form, Indicator, Signoff, Task

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
amounts = st.one_of(
    st.none(),
    st.builds(lambda i, p: Decimal(i).scaleb(-p), st.integers(0, 10**15 - 1), st.integers(0, 6)),
)
slots = st.sampled_from([(l1.name, name) for l1 in labels.INDICATOR_TREE
                         for l2 in l1.children for name in l2.names])

tasks = st.builds(Task, name=texts, content=texts, amount=amounts, goal=texts)
indicators = st.builds(lambda slot, n, p, a: Indicator(slot[0], slot[1], n, p, a), slots, texts, texts, texts)
budgets = st.builds(Budget, **{name: amounts for name in labels.BUDGET_FIELDS})
forms = st.builds(
    Form,
    year=st.one_of(st.none(), st.integers(1990, 2100)),
    department=texts, budget=budgets, overall_goal=texts,
    tasks=st.lists(tasks, max_size=6), other_tasks=texts,
    indicators=st.lists(indicators, max_size=10),
    signoff=st.builds(Signoff, preparer=texts, phone=texts, head=texts, date=texts),
)
