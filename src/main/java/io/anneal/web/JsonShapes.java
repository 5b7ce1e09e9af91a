package io.anneal.web;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Checks that a JSON document has the shape of the record it will become, before it is converted, and
 * names every field that does not fit in the user's terms: a whole number where one is required (2.5 is
 * not 2), a number where one is required (not the text "2"), one of the names of a choice (not its
 * position), an object where an object is expected, no field the record does not have. {@code null}
 * is accepted everywhere: it means "the default" for optional fields, and required ones are checked by
 * the rules of the request.
 */
public final class JsonShapes {

    private JsonShapes() {
    }

    /** Every field of {@code node} that does not fit {@code type}, each named by its JSON path. */
    public static List<Problems.FieldError> check(JsonNode node, Type type) {
        List<Problems.FieldError> errors = new ArrayList<>();
        check(node, type, "", errors);
        return errors;
    }

    private static void check(JsonNode node, Type type, String path, List<Problems.FieldError> errors) {
        if (node == null || node.isNull() || node.isMissingNode() || type == JsonNode.class) {
            return;
        }
        Class<?> raw = raw(type);
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class
                || raw == Short.class || raw == short.class) {
            wholeNumber(node, raw, path, errors);
        } else if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
            expect(node.isNumber(), node, "must be a number", path, errors);
        } else if (raw == Boolean.class || raw == boolean.class) {
            expect(node.isBoolean(), node, "must be true or false", path, errors);
        } else if (raw == String.class) {
            expect(node.isString(), node, "must be text (in double quotes)", path, errors);
        } else if (raw.isEnum()) {
            choice(node, raw, path, errors);
        } else if (raw.isArray() || List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
            array(node, elementType(type), path, errors);
        } else if (Map.class.isAssignableFrom(raw)) {
            map(node, type, path, errors);
        } else if (raw.isRecord()) {
            record(node, raw, path, errors);
        }
    }

    private static void wholeNumber(JsonNode node, Class<?> raw, String path, List<Problems.FieldError> errors) {
        if (!node.isNumber()) {
            errors.add(error(path, "must be a whole number, was " + describe(node)));
        } else if (!node.isIntegralNumber()) {
            errors.add(error(path, "must be a whole number, was " + node.asString()));
        } else if ((raw == Integer.class || raw == int.class) && !node.canConvertToInt()
                || (raw == Long.class || raw == long.class) && !node.canConvertToLong()
                || (raw == Short.class || raw == short.class) && Math.abs(node.asLong()) > Short.MAX_VALUE) {
            errors.add(error(path, "is too large: " + node.asString()));
        }
    }

    private static void choice(JsonNode node, Class<?> raw, String path, List<Problems.FieldError> errors) {
        List<String> names = Arrays.stream(raw.getFields()).filter(Field::isEnumConstant).map(JsonShapes::wireName)
                .toList();
        if (!node.isString() || !names.contains(node.asString())) {
            errors.add(error(path, "must be one of " + String.join(", ", names) + "; was " + describe(node)));
        }
    }

    private static void array(JsonNode node, Type element, String path, List<Problems.FieldError> errors) {
        if (!node.isArray()) {
            errors.add(error(path, "must be a list in square brackets, was " + describe(node)));
            return;
        }
        for (int i = 0; i < node.size(); i++) {
            check(node.get(i), element, path + "[" + i + "]", errors);
        }
    }

    private static void map(JsonNode node, Type type, String path, List<Problems.FieldError> errors) {
        if (!node.isObject()) {
            errors.add(error(path, "must be an object in braces, was " + describe(node)));
            return;
        }
        Type values = type instanceof ParameterizedType p ? p.getActualTypeArguments()[1] : Object.class;
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            check(entry.getValue(), values, join(path, entry.getKey()), errors);
        }
    }

    private static void record(JsonNode node, Class<?> raw, String path, List<Problems.FieldError> errors) {
        if (node.isString() && acceptsText(raw)) {
            return;
        }
        if (!node.isObject()) {
            errors.add(error(path, "must be an object in braces, was " + describe(node)));
            return;
        }
        RecordComponent[] components = raw.getRecordComponents();
        List<String> known = Arrays.stream(components).map(JsonShapes::wireName).toList();
        Iterator<String> names = node.propertyNames().iterator();
        while (names.hasNext()) {
            String name = names.next();
            if (!known.contains(name)) {
                errors.add(error(join(path, name), "is not a field " + (path.isEmpty() ? "here" : "of " + path)
                        + "; the fields are " + String.join(", ", known)));
            }
        }
        for (RecordComponent component : components) {
            check(node.get(wireName(component)), component.getGenericType(), join(path, wireName(component)),
                    errors);
        }
    }

    /** A record that also reads from plain text, such as a dataset named by a string. */
    private static boolean acceptsText(Class<?> raw) {
        for (Method method : raw.getDeclaredMethods()) {
            if (Modifier.isStatic(method.getModifiers()) && method.isAnnotationPresent(JsonCreator.class)
                    && method.getParameterCount() == 1 && method.getParameterTypes()[0] == String.class) {
                return true;
            }
        }
        return false;
    }

    private static void expect(boolean fits, JsonNode node, String rule, String path,
            List<Problems.FieldError> errors) {
        if (!fits) {
            errors.add(error(path, rule + ", was " + describe(node)));
        }
    }

    /** The value as the user wrote it, named by its kind. */
    private static String describe(JsonNode node) {
        if (node.isString()) {
            String text = node.asString();
            return "the text \"" + (text.length() > 40 ? text.substring(0, 40) + "…" : text) + "\"";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isBoolean()) {
            return node.asString();
        }
        return "the number " + node.asString();
    }

    private static Problems.FieldError error(String path, String message) {
        return new Problems.FieldError(path.isEmpty() ? "body" : path, message);
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String wireName(RecordComponent component) {
        JsonProperty property = component.getAccessor().getAnnotation(JsonProperty.class);
        if (property == null) {
            try {
                property = component.getDeclaringRecord().getDeclaredField(component.getName())
                        .getAnnotation(JsonProperty.class);
            } catch (NoSuchFieldException e) {
                property = null;
            }
        }
        return property != null && !property.value().isEmpty() ? property.value() : component.getName();
    }

    private static String wireName(Field constant) {
        JsonProperty property = constant.getAnnotation(JsonProperty.class);
        return property != null && !property.value().isEmpty() ? property.value() : constant.getName();
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p) {
            return (Class<?>) p.getRawType();
        }
        if (type instanceof GenericArrayType) {
            return Object[].class;
        }
        return Object.class;
    }

    private static Type elementType(Type type) {
        if (type instanceof Class<?> c && c.isArray()) {
            return c.getComponentType();
        }
        if (type instanceof GenericArrayType g) {
            return g.getGenericComponentType();
        }
        if (type instanceof ParameterizedType p) {
            return p.getActualTypeArguments()[0];
        }
        return Object.class;
    }
}
