"""Read-only representations without DRF's per-field machinery, same output.

A serializer's `to_representation` walks its fields for every row: a bound field per attribute,
`get_attribute`, `to_representation`, nested serializers, an OrderedDict. On a page of 50 claims
that is most of the request's time. `FastRepresentation(SerializerClass)` reads the serializer's
fields once and compiles each into a plain getter for the common kinds (model attributes, ids of
related rows, slugs, nested and many-nested serializers, method fields, ISO dates); any other
field is served by DRF's own code for that field. The serializer stays the one definition of the
shape and of the schema: add a field there and it appears here. `tests/factcheck/api/
test_representations.py` and the claims tests compare both outputs on rows with every field set.
"""

from __future__ import annotations

import inspect
import keyword
from collections.abc import Callable, Iterable, Mapping
from datetime import date, datetime
from operator import attrgetter
from typing import Any

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db.models.manager import BaseManager
from django.utils import timezone
from rest_framework import relations, serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import api_settings

ISO_8601 = "iso-8601"
Getter = Callable[[Any, "Context"], Any]


class Context:
    """What one call needs beyond the row: the serializer instance carrying the request's context
    (for method fields) and, lazily, its bound fields (for the fields DRF serves itself)."""

    __slots__ = ("_fields", "_nested", "serializer", "tz")

    def __init__(self, serializer: Any) -> None:
        self.serializer = serializer
        self._fields: Any = None
        self._nested: dict[type, Any] | None = None
        self.tz = timezone.get_current_timezone() if settings.USE_TZ else None

    def nested(self, serializer_class: type) -> Any:
        """An instance of a nested serializer's class with the request's context, for its
        method fields (`_method_reads_only_context`): the same `context`, without binding the
        outer serializer's fields."""
        if self._nested is None:
            self._nested = {}
        found = self._nested.get(serializer_class)
        if found is None:
            found = self._nested[serializer_class] = serializer_class(
                context=self.serializer._context
            )
        return found

    def field(self, path: tuple[str, ...]) -> Any:
        if self._fields is None:
            self._fields = self.serializer.fields  # binds (copies) them: only when needed
        field = self._fields[path[0]]
        for name in path[1:]:
            field = getattr(field, "child", field).fields[name]
        return field


def _attribute(name: str, model: Any) -> Callable[[Any], Any]:
    """getattr, calling a method as DRF does (`source="get_full_name"`)."""
    concrete = model is not None and any(
        f.name == name for f in model._meta.concrete_fields if not f.is_relation
    )
    if concrete:
        return attrgetter(name)

    def get(obj: Any) -> Any:
        value = getattr(obj, name)
        if inspect.ismethod(value) or inspect.isfunction(value):
            return value()
        return value

    return get


def _datetime(field: serializers.DateTimeField) -> Callable[[Any, Context], Any] | None:
    if getattr(field, "format", api_settings.DATETIME_FORMAT) != ISO_8601 or hasattr(
        field, "timezone"
    ):
        return None

    def convert(value: Any, ctx: Context) -> Any:
        if type(value) is not datetime or value.tzinfo is None or ctx.tz is None:
            return field.to_representation(value)
        text = value.astimezone(ctx.tz).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return convert


def _date(field: serializers.DateField) -> Callable[[Any, Context], Any] | None:
    if getattr(field, "format", api_settings.DATE_FORMAT) != ISO_8601:
        return None

    def convert(value: Any, ctx: Context) -> Any:
        if type(value) is date:
            return value.isoformat()
        return field.to_representation(value)

    return convert


def _converter(field: serializers.Field[Any, Any, Any, Any]) -> Any:
    """A function (value, ctx) -> representation for a non-null value, `None` for identity, or
    False when this kind of field is left to DRF."""
    kind = type(field)
    if kind is serializers.BigIntegerField:
        if getattr(field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING):
            return lambda value, ctx: str(value)
        return lambda value, ctx: int(value)
    if kind is serializers.IntegerField:
        return lambda value, ctx: int(value)
    if kind is serializers.FloatField:
        return lambda value, ctx: float(value)
    if kind in (serializers.CharField, serializers.URLField, serializers.EmailField):
        return lambda value, ctx: value if type(value) is str else str(value)
    if kind is serializers.ReadOnlyField:
        return None
    if kind is serializers.JSONField and not field.binary:  # type: ignore[attr-defined]
        return None
    if kind is serializers.ChoiceField:
        return lambda value, ctx: field.to_representation(value)
    if kind is serializers.BooleanField:
        return lambda value, ctx: field.to_representation(value)
    if kind is serializers.DateTimeField:
        return _datetime(field) or False  # type: ignore[arg-type]
    if kind is serializers.DateField:
        return _date(field) or False  # type: ignore[arg-type]
    return False


class _Plan:
    """The compiled fields of one serializer class: (name, getter(obj, ctx)) in field order, and
    one function that builds a row's dict with them (see `_build`)."""

    def __init__(self, serializer: Any, path: tuple[str, ...] = (), model: Any = None):
        # A nested serializer without a model reads the related rows of its parent's relation.
        model = getattr(getattr(serializer, "Meta", None), "model", None) or model
        self.steps: list[tuple[str, Getter]] = []
        self.needs_context = False
        self._namespace: dict[str, Any] = {}  # what the inline expressions name
        inline: list[str | None] = []
        for name, field in serializer.fields.items():
            if field.write_only:
                continue
            self._inline: str | None = None  # set by _compile for the simplest kinds
            getter = self._compile(field, model, (*path, name))
            self.steps.append((name, getter))
            inline.append(self._inline)
        self.build = self._build(inline)

    def __call__(self, obj: Any, ctx: Context) -> dict[str, Any]:
        return self.build(obj, ctx)

    def _build(self, inline: list[str | None]) -> Callable[[Any, Context], dict[str, Any]]:
        """One function returning the row's dict as a display, `{"id": obj.id, "text": ...}`: the
        simplest fields read inline (an attribute, a conversion that is the identity for the
        value's usual type), the others through their getter. The same values, in the same order,
        as `{name: get(obj, ctx) for name, get in steps}`, without a call or two per field."""
        namespace: dict[str, Any] = dict(self._namespace)
        items = []
        for i, ((name, getter), expression) in enumerate(zip(self.steps, inline, strict=True)):
            if expression is None:
                namespace[f"get{i}"] = getter
                expression = f"get{i}(obj, ctx)"
            items.append(f"{name!r}: {expression}")
        source = "def build(obj, ctx):\n    return {" + ", ".join(items) + "}\n"
        exec(compile(source, f"<representation {id(self):x}>", "exec"), namespace)
        return namespace["build"]  # type: ignore[no-any-return]

    def _fallback(self, path: tuple[str, ...]) -> Getter:
        """DRF's own `Serializer.to_representation` step for this field."""
        self.needs_context = True

        def get(obj: Any, ctx: Context) -> Any:
            field = ctx.field(path)
            try:
                attribute = field.get_attribute(obj)
            except SkipField:
                return _SKIP
            check = attribute.pk if isinstance(attribute, PKOnlyObject) else attribute
            return None if check is None else field.to_representation(attribute)

        return get

    def _compile(self, field: Any, model: Any, path: tuple[str, ...]) -> Getter:
        if isinstance(field, serializers.SerializerMethodField):
            method = field.method_name
            if len(path) > 1:
                # A nested serializer's method: called on an instance with the same context
                # when it reads nothing else of the serializer (DRF calls it on the nested
                # serializer bound inside the outer one's fields, built for every request).
                owner = type(field.parent)
                if not _method_reads_only_context(field.parent, method):
                    return self._fallback(path)
                return lambda obj, ctx: getattr(ctx.nested(owner), method)(obj)
            if _plain_name(method):
                self._inline = f"ctx.serializer.{method}(obj)"
            return lambda obj, ctx: getattr(ctx.serializer, method)(obj)
        attrs = field.source_attrs
        if len(attrs) != 1 or field.source == "*":
            return self._fallback(path)
        name = attrs[0]

        if isinstance(field, relations.PrimaryKeyRelatedField) and field.pk_field is None:
            related = _model_field(model, name)
            if related is None or not related.many_to_one:
                return self._fallback(path)
            attname = related.attname
            if _plain_name(attname):
                self._inline = f"obj.{attname}"
            return lambda obj, ctx: getattr(obj, attname)
        relation = _forward_relation(model, name)
        if isinstance(field, relations.SlugRelatedField) and "__" not in field.slug_field:
            slug = field.slug_field
            related_get = _attribute(name, None)
            if relation is not None and _plain_name(slug):
                self._inline = f"(None if (r := obj.{name}) is None else r.{slug})"

            def slug_of(obj: Any, ctx: Context) -> Any:
                related = related_get(obj)
                return None if related is None else getattr(related, slug)

            return slug_of
        if isinstance(field, serializers.ListSerializer):
            child = _Plan(field.child, path)
            if child.needs_context:
                return self._fallback(path)
            many_get = _attribute(name, None)
            build_many = child.build

            def many(obj: Any, ctx: Context) -> Any:
                rows: Iterable[Any] = many_get(obj)
                if isinstance(rows, BaseManager):
                    rows = rows.all()
                return [build_many(row, ctx) for row in rows]

            return many
        if isinstance(field, serializers.Serializer):
            child = _Plan(field, path, getattr(relation, "related_model", None))
            if child.needs_context:
                return self._fallback(path)
            one_get = _attribute(name, None)
            build_one = child.build
            if relation is not None:
                index = len(self.steps)
                self._namespace[f"build{index}"] = build_one
                self._inline = f"(None if (r := obj.{name}) is None else build{index}(r, ctx))"

            def nested(obj: Any, ctx: Context) -> Any:
                related = one_get(obj)
                return None if related is None else build_one(related, ctx)

            return nested
        if isinstance(field, relations.RelatedField | serializers.BaseSerializer):
            return self._fallback(path)

        convert = _converter(field)
        if convert is False:
            return self._fallback(path)
        get = _attribute(name, model)
        if isinstance(get, attrgetter) and _plain_name(name):
            self._inline = _inline_conversion(f"obj.{name}", field, convert)
            if self._inline is None:  # the conversion as a call, without `converted`'s
                index = len(self.steps)
                self._namespace[f"convert{index}"] = convert
                self._inline = f"(None if (v := obj.{name}) is None else convert{index}(v, ctx))"
        if convert is None:
            return lambda obj, ctx: get(obj)

        def converted(obj: Any, ctx: Context) -> Any:
            value = get(obj)
            return None if value is None else convert(value, ctx)

        return converted


_SKIP = object()

# Conversions whose result is the value itself when it has this type (int(1) is 1, str("a") is
# "a"): inline, `v if type(v) is int else <the conversion>`.
_IDENTITY_FOR = {
    serializers.IntegerField: "int",
    serializers.FloatField: "float",
    serializers.CharField: "str",
    serializers.URLField: "str",
    serializers.EmailField: "str",
}


def _method_reads_only_context(serializer: Any, method: str) -> bool:
    """Whether the method reads no attribute of its (bound) serializer but `context` (and
    itself): the names its code uses (attributes, globals, strings), nested functions' too,
    name nothing else the serializer has, its class's or its own (`parent`, `root`,
    `field_name`, `instance`, `fields`, its other methods...)."""
    function = getattr(type(serializer), method, None)
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    own = {*dir(type(serializer)), *vars(serializer)} - {"context", method}
    pending = [code]
    while pending:
        code = pending.pop()
        names = {*code.co_names, *(c for c in code.co_consts if isinstance(c, str))}
        if names & own:
            return False
        pending += [c for c in code.co_consts if hasattr(c, "co_names")]
    return True


def _plain_name(name: str) -> bool:
    """Whether `obj.<name>` reads the attribute `name` in Python source."""
    return name.isidentifier() and not keyword.iskeyword(name)


def _inline_conversion(read: str, field: Any, convert: Any) -> str | None:
    """`read` (an attribute of `obj`) converted as `_converter(field)` does, as an expression;
    None when that takes the getter."""
    if convert is None:
        return read
    kind = _IDENTITY_FOR.get(type(field))
    if type(field) is serializers.BigIntegerField and not getattr(
        field, "coerce_to_string", api_settings.COERCE_BIGINT_TO_STRING
    ):
        kind = "int"
    if kind is None:
        return None
    return f"(v if type(v := {read}) is {kind} else None if v is None else {kind}(v))"


def _forward_relation(model: Any, name: str) -> Any:
    """The model's foreign key or one-to-one field `name` (reading it gives the related row or
    None, never a method), else None."""
    field = _model_field(model, name)
    if field is None or not field.concrete or not (field.many_to_one or field.one_to_one):
        return None
    return field if _plain_name(name) else None


def _model_field(model: Any, name: str) -> Any:
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:  # not a model field: DRF decides
        return None


class FastRepresentation:
    """`FastRepresentation(ClaimSerializer).many(rows, context)` == `ClaimSerializer(rows,
    many=True, context=context).data`, as plain dicts and lists, several times faster."""

    _cache: dict[Any, FastRepresentation] = {}

    def __init__(self, serializer_class: Any) -> None:
        self.serializer_class = serializer_class
        self._plan: _Plan | None = None

    @classmethod
    def of(cls, serializer_class: Any) -> FastRepresentation:
        """The (shared) FastRepresentation of `serializer_class`."""
        fast = cls._cache.get(serializer_class)
        if fast is None:
            fast = cls._cache.setdefault(serializer_class, cls(serializer_class))
        return fast

    @property
    def plan(self) -> _Plan:
        if self._plan is None:  # compiled on first use (after app loading); idempotent
            self._plan = _Plan(self.serializer_class())
        return self._plan

    def one(self, obj: Any, context: Mapping[str, Any]) -> dict[str, Any]:
        return self.many([obj], context)[0]

    def many(self, rows: Iterable[Any], context: Mapping[str, Any]) -> list[dict[str, Any]]:
        plan = self.plan
        ctx = Context(self.serializer_class(context=context))
        build = plan.build
        out = [build(row, ctx) for row in rows]
        if plan.needs_context:  # a fallback field may skip itself, as in DRF
            for item in out:
                for key in [k for k, v in item.items() if v is _SKIP]:
                    del item[key]
        return out
