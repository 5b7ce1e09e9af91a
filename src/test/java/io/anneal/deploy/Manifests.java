package io.anneal.deploy;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.yaml.snakeyaml.Yaml;

/** The Kubernetes objects of a rendered chart, parsed from the multi-document YAML Helm prints. */
record Manifests(List<Map<String, Object>> objects) {

    @SuppressWarnings("unchecked")
    static Manifests parse(String renderedYaml) {
        Iterable<Object> documents = new Yaml().loadAll(renderedYaml);
        return new Manifests(StreamSupport.stream(documents.spliterator(), false).filter(Objects::nonNull)
                .map(document -> (Map<String, Object>) document).toList());
    }

    Optional<Node> find(String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).findFirst().map(Node::new);
    }

    Node get(String kind) {
        return find(kind).orElseThrow(() -> new AssertionError("no " + kind + " in " + kinds()));
    }

    List<Node> all(String kind) {
        return objects.stream().filter(object -> kind.equals(object.get("kind"))).map(Node::new).toList();
    }

    List<Object> kinds() {
        return objects.stream().map(object -> object.get("kind")).toList();
    }

    /** A value inside a parsed object; {@link #at} walks map keys and, on lists, indexes. */
    record Node(Object value) {

        Node at(String... steps) {
            Object current = value;
            for (String step : steps) {
                if (current instanceof Map<?, ?> map && map.containsKey(step)) {
                    current = map.get(step);
                } else if (current instanceof List<?> list && step.matches("\\d+")) {
                    current = list.get(Integer.parseInt(step));
                } else {
                    throw new AssertionError("no " + step + " in " + List.of(steps) + " of " + value);
                }
            }
            return new Node(current);
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> map() {
            return (Map<String, Object>) value;
        }

        @SuppressWarnings("unchecked")
        List<Object> list() {
            return (List<Object>) value;
        }

        String string() {
            return value == null ? null : value.toString();
        }
    }
}
