"""core.record: the value classes made at every start behave as the dataclasses they replace."""

from functools import cached_property

import pytest

from desktop_app.core.record import FrozenError, Record, field


class Point(Record):
    x: int
    y: int = 0
    tags: tuple = ()

    @cached_property
    def norm(self) -> int:
        return abs(self.x) + abs(self.y)


class Point3(Point):
    z: int = 0


class Page(Record, frozen=False):
    top: float
    pieces: list = field(factory=list)
    label: str = field("", compare=False)


def test_fields_by_position_by_name_and_by_default():
    assert Point(1, 2) == Point(x=1, y=2) == Point(1, y=2, tags=())
    p = Point(5)
    assert (p.x, p.y, p.tags) == (5, 0, ())
    assert Point3(1, 2, (), 3).z == 3 and Point3._fields == ("x", "y", "tags", "z")
    assert Point(7).x == 7  # a subclass's own __init__ did not replace its base's


@pytest.mark.parametrize("made", [0, 100], ids=["shared __init__", "compiled __init__"])
def test_wrong_arguments_are_refused_as_a_dataclass_would(made):
    class Point(Record):  # its own class: how many instances it has made decides which __init__
        x: int
        y: int = 0
        tags: tuple = ()

    points = [Point(i, tags=(i,)) for i in range(made)]
    assert [(p.x, p.y, p.tags) for p in points] == [(i, 0, (i,)) for i in range(made)]
    compiled = "__init__" in Point.__dict__ and Point.__init__ is not Record.__init__
    assert compiled == (made > 0)
    assert Point(1, 2) == Point(x=1, y=2) and Point(3).tags == ()
    with pytest.raises(TypeError, match="'x'"):
        Point()
    with pytest.raises(TypeError, match="'w'"):
        Point(1, w=2)
    with pytest.raises(TypeError, match="multiple values for argument 'x'"):
        Point(1, x=2)
    with pytest.raises(TypeError, match="positional arguments"):
        Point(1, 2, (), 4)


def test_frozen_equal_by_value_and_hashable():
    p = Point(1, 2)
    with pytest.raises(FrozenError):
        p.x = 3
    with pytest.raises(AttributeError):
        del p.y
    assert p != Point(1, 3) and p != Point3(1, 2) and {p: 1}[Point(1, 2)] == 1
    assert repr(p) == "Point(x=1, y=2, tags=())"


class _Counted:
    """A field value that counts how often it is hashed."""

    def __init__(self):
        self.hashed = 0

    def __hash__(self):
        self.hashed += 1
        return 7


def test_a_frozen_record_hashes_its_fields_once_and_equal_records_still_hash_alike():
    inner = _Counted()
    p = Point(1, 2, (inner,))
    assert hash(p) == hash(p) == hash(Point(1, 2, (inner,)))
    assert inner.hashed == 2  # once for p, once for the other record
    assert {p: 1}[Point(1, 2, (inner,))] == 1


def test_a_pickled_record_leaves_its_kept_hash_behind():
    import pickle

    p = Point(1, 2)
    hash(p)
    state = p.__getstate__()
    assert set(state) == {"x", "y", "tags"}
    again = pickle.loads(pickle.dumps(p))
    assert again == p and hash(again) == hash(p) and set(again.__getstate__()) == {"x", "y", "tags"}


def test_cached_property_works_and_stays_out_of_equality():
    p = Point(-3, 4)
    assert p.norm == 7 and p.norm == 7
    assert p == Point(-3, 4)


def test_a_mutable_record_takes_assignments_a_fresh_factory_value_each_and_is_not_hashable():
    a, b = Page(1.0), Page(1.0)
    a.pieces.append("x")
    assert b.pieces == [] and a.pieces == ["x"]
    a.top = 2.0
    assert a.top == 2.0 and a != b
    with pytest.raises(TypeError):
        hash(b)


def test_a_field_left_out_of_comparison_is_still_kept():
    assert Page(1.0, label="甲") == Page(1.0, label="乙")
    assert Page(1.0, [1], "甲").label == "甲"
    assert Page._compared == ("top", "pieces")


def test_a_declaration_mistake_is_caught_when_the_class_is_made():
    with pytest.raises(TypeError, match="mutable default"):
        class Bad(Record):
            items: list = []
    with pytest.raises(TypeError, match="without a default"):
        class Order(Record):
            a: int = 0
            b: int


def test_a_form_declaration_hashes_by_its_format_id_without_walking_its_records(monkeypatch):
    import copy

    from desktop_app.core import record
    from desktop_app.forms import DEFAULT

    spec = DEFAULT.spec
    twin = copy.copy(spec)
    twin.__dict__.pop(record._HASH, None)
    walked = []
    monkeypatch.setattr(record.Record, "__hash__", lambda self: walked.append(self) or 0)
    assert hash(twin) == hash(spec) == hash(spec.format_id) and twin == spec
    assert walked == []
    assert {spec: 1}[twin] == 1
