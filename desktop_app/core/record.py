"""Value classes declared like dataclasses, for what the program makes at every start.

``@dataclass`` imports ``inspect`` (with ``ast``, ``dis``, ``tokenize``: 5 ms) and compiles five
or six methods per class with ``exec`` when its module is imported: for the two dozen classes
of ``core.spec`` alone that was 10 ms of every start of the window and of every command. A
``Record`` reads its fields from the class's annotations when the class is made (every
annotated name is a field: there is no ``ClassVar``), and compiles one method, its
``__init__``, once it has made a few instances (a class with only a handful, as most are, costs
no compilation); equality, hashing and ``repr`` are shared code.

    class Cell(Record):              # frozen (the default): fields cannot be assigned
        col: int
        text: str = ""
        spans: tuple = ()

    class Page(Record, frozen=False):
        top: float
        pieces: list = field(factory=list)
        label: str = field(default="", compare=False)   # not part of equality or the hash

Instances keep a ``__dict__``, so ``functools.cached_property`` works on frozen ones.
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar, TypeVar, dataclass_transform, overload

_MISSING = object()
_MUTABLE = (list, dict, set, bytearray)
_COMPILE_AFTER = 16
_HASH = "_Record__hash"  # where a frozen record keeps its hash, in its __dict__


class FrozenError(AttributeError):
    """A field of a frozen Record was assigned or deleted."""


_T = TypeVar("_T")


class _Field:
    """A field's default (``default``, or ``factory()`` called for each instance) and whether
    it takes part in equality and the hash."""

    __slots__ = ("default", "factory", "compare")

    def __init__(self, default: object, factory: Callable[[], object] | None, compare: bool):
        self.default, self.factory, self.compare = default, factory, compare


# Typed as dataclasses.field is (which it stands for): the class body reads ``x: list = field(...)``,
# so to the type checker the call is the field's value, not a _Field.
@overload
def field(*, factory: Callable[[], _T], compare: bool = True) -> _T: ...
@overload
def field(default: _T, *, compare: bool = True) -> _T: ...
@overload
def field(*, compare: bool = True) -> Any: ...
def field(default: object = _MISSING, *, factory: Callable[[], object] | None = None, compare: bool = True) -> Any:
    return _Field(default, factory, compare)


# The type checker reads a Record class as the dataclass it stands for: its fields, their
# defaults and its __init__, frozen unless declared ``frozen=False``.
@dataclass_transform(frozen_default=True, field_specifiers=(field,))
class Record:
    """See the module's docstring: fields are the annotated names, in order, those of base
    classes first; a class attribute of the same name is the default."""

    _fields: tuple[str, ...]
    _defaults: dict[str, object]
    _factories: dict[str, Callable[[], object]]
    _compared: tuple[str, ...]
    _frozen: bool
    _made: ClassVar[int]  # instances made by the shared __init__ before a class compiles its own
    _fields, _defaults, _factories, _compared, _frozen = (), {}, {}, (), True

    def __init_subclass__(cls, frozen: bool | None = None, **kwargs):
        super().__init_subclass__(**kwargs)
        own = tuple(cls.__dict__.get("__annotations__", {}))
        fields = (*(f for f in cls._fields if f not in own), *own)
        defaults = {f: d for f, d in cls._defaults.items() if f not in own}
        factories = {f: d for f, d in cls._factories.items() if f not in own}
        compared = {f for f in cls._compared if f not in own}
        for name in own:
            value = cls.__dict__.get(name, _MISSING)
            compare = True
            if isinstance(value, _Field):
                compare = value.compare
                if value.factory is not None:
                    factories[name] = value.factory
                value = value.default
                if value is _MISSING:
                    delattr(cls, name)  # no class attribute shadowing a missing default
                else:
                    setattr(cls, name, value)
            if value is not _MISSING:
                if isinstance(value, _MUTABLE):
                    raise TypeError(f"{cls.__name__}.{name}: a mutable default would be shared by every instance")
                defaults[name] = value
            if compare:
                compared.add(name)
        seen_default = False
        for name in fields:
            if name in defaults or name in factories:
                seen_default = True
            elif seen_default:
                raise TypeError(f"{cls.__name__}.{name}: a field without a default follows one with a default")
        cls._fields, cls._defaults, cls._factories = fields, defaults, factories
        cls._compared = tuple(f for f in fields if f in compared)
        cls._frozen = cls._frozen if frozen is None else frozen
        if not cls._frozen:
            # setattr: the type checker reads an assigned method as a mistake, this is the class being made
            setattr(cls, "__setattr__", object.__setattr__)
            setattr(cls, "__delattr__", object.__delattr__)
            setattr(cls, "__hash__", None)  # mutable: equal by value, so not hashable (as a dataclass)
        if "__init__" not in cls.__dict__:
            setattr(cls, "__init__", Record.__init__)

    def __init__(self, *args, **kwargs):
        # The first instances of a class are made here; past a few, the class compiles its own
        # __init__ and installs it over this one (most classes of a declaration have only a
        # handful of instances, and are never compiled).
        cls = type(self)
        made = cls.__dict__.get("_made", 0) + 1
        if made > _COMPILE_AFTER:
            init = _compiled_init(cls)
            setattr(cls, "__init__", init)
            init(self, *args, **kwargs)
            return
        cls._made = made
        fields = cls._fields
        if len(args) > len(fields):
            raise TypeError(f"{cls.__name__}.__init__() takes {len(fields) + 1} positional arguments "
                            f"but {len(args) + 1} were given")
        values = dict(zip(fields, args))
        for name, value in kwargs.items():
            if name not in fields:
                raise TypeError(f"{cls.__name__}.__init__() got an unexpected keyword argument {name!r}")
            if name in values:
                raise TypeError(f"{cls.__name__}.__init__() got multiple values for argument {name!r}")
            values[name] = value
        for name in fields:
            if name not in values:
                if name in cls._factories:
                    values[name] = cls._factories[name]()
                elif name in cls._defaults:
                    values[name] = cls._defaults[name]
                else:
                    raise TypeError(f"{cls.__name__}.__init__() missing 1 required positional argument: {name!r}")
        self.__dict__.update((f, values[f]) for f in fields)

    def _values(self) -> tuple:
        d = self.__dict__
        return tuple(d[f] for f in self._compared)

    def __eq__(self, other):
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self):
        # Kept once made: a frozen record's fields are never assigned, and a form's declaration
        # (two hundred records deep) is the key of caches looked up several times a file read.
        d = self.__dict__
        try:
            return d[_HASH]
        except KeyError:
            d[_HASH] = value = hash(self._values())
            return value

    def __getstate__(self):
        # Without the kept hash: strings hash differently in another process.
        d = self.__dict__
        return {k: v for k, v in d.items() if k != _HASH} if _HASH in d else d

    def __repr__(self):
        d = self.__dict__
        return f"{type(self).__name__}({', '.join(f'{f}={d[f]!r}' for f in self._fields)})"

    def __setattr__(self, name, value):
        raise FrozenError(f"{type(self).__name__}.{name} cannot be assigned")

    def __delattr__(self, name):
        raise FrozenError(f"{type(self).__name__}.{name} cannot be deleted")


def _compiled_init(cls):
    params, lines, env = [], [], {}
    for i, name in enumerate(cls._fields):
        if name in cls._factories:
            env[f"_f{i}"] = cls._factories[name]
            params.append(f"{name}=_MISSING")
            lines.append(f" __rec_d[{name!r}] = _f{i}() if {name} is _MISSING else {name}")
            continue
        if name in cls._defaults:
            env[f"_d{i}"] = cls._defaults[name]
            params.append(f"{name}=_d{i}")
        else:
            params.append(name)
        lines.append(f" __rec_d[{name!r}] = {name}")
    env["_MISSING"] = _MISSING
    source = f"def __init__(self, {', '.join(params)}):\n __rec_d = self.__dict__\n" + "\n".join(lines or [" pass"])
    from .codecache import compiled  # kept between runs, as a form's classes are

    exec(compiled(source, f"<record {cls.__qualname__}>"), env)
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init
